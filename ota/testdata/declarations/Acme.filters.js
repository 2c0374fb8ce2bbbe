export function removeShareButtons(document) {
  document.querySelectorAll('.share').forEach(el => el.remove());
}
