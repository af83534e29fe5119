// Study list. All values come from DICOM headers: written with textContent, never as HTML.

const status = document.getElementById('status');
const table = document.getElementById('studies');

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

async function load() {
  // no-store: study metadata is patient data and must not land in the HTTP cache
  const response = await fetch('/api/studies', {cache: 'no-store'});
  if (!response.ok) throw new Error(`GET /api/studies: HTTP ${response.status}`);
  const studies = await response.json();
  const body = table.tBodies[0];
  for (const s of studies) {
    const row = body.insertRow();
    const link = document.createElement('a');
    link.href = s.viewerUrl;
    link.textContent = s.patientName || '(no name)';
    cell(row, '').append(link);
    cell(row, s.modality);
    cell(row, s.description);
    cell(row, String(s.seriesCount ?? ''), 'num');
    cell(row, String(s.instanceCount ?? ''), 'num');
  }
  status.textContent = studies.length === 0 ? 'No studies.' : `${studies.length} studies`;
  table.hidden = studies.length === 0;
}

load().catch((err) => { status.textContent = `Cannot list studies: ${err.message}`; });
