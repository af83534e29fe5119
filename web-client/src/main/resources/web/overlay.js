// Text overlay: plain DOM elements over the canvas corners, so the canvas holds image pixels
// only. Always textContent: overlay values come from DICOM headers and are untrusted.
// Every function takes `find(name)`, which returns the viewport's element for a field: the page's
// element with that id for the single viewport (the default), a pane's [data-f=name] in a layout.

const byId = (id) => document.getElementById(id);

// DICOM DA "YYYYMMDD" -> "YYYY-MM-DD"; anything else is shown unchanged.
function formatDate(da) {
  return /^\d{8}$/.test(da ?? '') ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : (da ?? '');
}

function set(find, id, text) {
  const el = find(id);
  if (el) el.textContent = text ?? '';
}

/** Fills the overlay from a `state` message. */
export function showState(state, find = byId) {
  const o = state.overlay ?? {};
  set(find, 'patientName', o.patientName);
  set(find, 'patientId', o.patientId);
  set(find, 'patientBirthDate', formatDate(o.patientBirthDate));
  set(find, 'accessionNumber', o.accessionNumber);
  set(find, 'studyDate', formatDate(o.studyDate));
  set(find, 'studyDescription', o.studyDescription);
  set(find, 'modality', o.modality);
  set(find, 'slice', state.view === 'mpr'
    ? `MPR ${state.positionMm} mm` + (state.slabMm > 0 ? ` · ${state.slabMm} mm ${state.projection}` : '')
    : `Slice ${state.slice}/${state.sliceCount}`);
  const o2 = state.orientation ?? {};
  set(find, 'edgeLeft', o2.left);
  set(find, 'edgeRight', o2.right);
  set(find, 'edgeTop', o2.top);
  set(find, 'edgeBottom', o2.bottom);
  // colour images have no VOI (PS3.3 C.11): no W/L to show
  set(find, 'wl', state.colour ? '' : `W/L ${Math.round(state.windowCenter)}/${Math.round(state.windowWidth)}`
      + (state.voi && state.voi !== 'user' ? ` ${state.voi}` : ''));
  set(find, 'zoom', `Zoom ${Number(state.zoom).toFixed(2)}x`);
}

/** Shows the LOSSY badge while the frame on screen is not lossless. */
export function showLossy(lossy, find = byId) {
  find('lossy').hidden = !lossy;
}

/** Shows (or with null, hides) the error banner. */
export function showError(text) {
  const banner = byId('error');
  banner.textContent = text ?? '';
  banner.hidden = !text;
}

/** Load progress of the volume on the server: shown until every slice is in memory. */
export function showProgress(ready, total, find = byId) {
  const el = find('progress');
  el.hidden = ready >= total;
  el.textContent = `Loading ${ready}/${total}`;
}

/**
 * A persistent notice (e.g. the source images were lossy-compressed by the modality or archive),
 * unlike the LOSSY badge, which only describes the frame on screen.
 */
export function showNotice(text, find = byId) {
  const el = find('notice');
  el.textContent = text ?? '';
  el.hidden = !text;
}
