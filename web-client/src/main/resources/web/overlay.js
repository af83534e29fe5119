// Text overlay: plain DOM elements over the canvas corners, so the canvas holds image pixels
// only. Always textContent: overlay values come from DICOM headers and are untrusted.

const $ = (id) => document.getElementById(id);

// DICOM DA "YYYYMMDD" -> "YYYY-MM-DD"; anything else is shown unchanged.
function formatDate(da) {
  return /^\d{8}$/.test(da ?? '') ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : (da ?? '');
}

function set(id, text) {
  $(id).textContent = text ?? '';
}

/** Fills the overlay from a `state` message. */
export function showState(state) {
  const o = state.overlay ?? {};
  set('patientName', o.patientName);
  set('patientId', o.patientId);
  set('patientBirthDate', formatDate(o.patientBirthDate));
  set('accessionNumber', o.accessionNumber);
  set('studyDate', formatDate(o.studyDate));
  set('studyDescription', o.studyDescription);
  set('modality', o.modality);
  set('slice', state.view === 'mpr'
    ? `MPR ${state.positionMm} mm` + (state.slabMm > 0 ? ` · ${state.slabMm} mm ${state.projection}` : '')
    : `Slice ${state.slice}/${state.sliceCount}`);
  const o2 = state.orientation ?? {};
  set('edgeLeft', o2.left);
  set('edgeRight', o2.right);
  set('edgeTop', o2.top);
  set('edgeBottom', o2.bottom);
  set('wl', `W/L ${Math.round(state.windowCenter)}/${Math.round(state.windowWidth)}`
      + (state.voi && state.voi !== 'user' ? ` ${state.voi}` : ''));
  set('zoom', `Zoom ${Number(state.zoom).toFixed(2)}x`);
}

/** Shows the LOSSY badge while the frame on screen is not lossless. */
export function showLossy(lossy) {
  $('lossy').hidden = !lossy;
}

/** Shows (or with null, hides) the error banner. */
export function showError(text) {
  const banner = $('error');
  banner.textContent = text ?? '';
  banner.hidden = !text;
}

/** Load progress of the volume on the server: shown until every slice is in memory. */
export function showProgress(ready, total) {
  const el = $('progress');
  el.hidden = ready >= total;
  el.textContent = `Loading ${ready}/${total}`;
}

/**
 * A persistent notice (e.g. the source images were lossy-compressed by the modality or archive),
 * unlike the LOSSY badge, which only describes the frame on screen.
 */
export function showNotice(text) {
  const el = $('notice');
  el.textContent = text ?? '';
  el.hidden = !text;
}
