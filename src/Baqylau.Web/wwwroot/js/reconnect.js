// Buttons of the reconnect banner (Layout/ReconnectBanner.razor); a file, not inline handlers, so a strict CSP allows it.
document.addEventListener('click', async (e) => {
  if (e.target.id === 'components-reconnect-button') {
    // Try again now; if the server no longer knows the circuit, start over with a reload.
    const ok = window.Blazor && (await Blazor.reconnect());
    if (!ok) location.reload();
  } else if (e.target.id === 'components-reload-button') {
    location.reload();
  }
});
