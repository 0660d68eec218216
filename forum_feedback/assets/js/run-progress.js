// Optional: while a rebuild runs, reload its page when the status changes. Without this
// script the "Check progress" button does the same.
const panel = document.getElementById("run-status");
if (panel && ["queued", "running"].includes(panel.dataset.status)) {
  const check = async () => {
    const response = await fetch(panel.dataset.statusUrl, { credentials: "same-origin" });
    if (response.ok && (await response.json()).status !== panel.dataset.status) {
      window.location.reload();
      return;
    }
    window.setTimeout(check, 2000);
  };
  window.setTimeout(check, 2000);
}
