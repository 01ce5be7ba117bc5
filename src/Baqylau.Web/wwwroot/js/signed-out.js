// Runs on the page shown after signing out. The statement and incident editors keep unsaved text in localStorage
// (so a dropped connection loses nothing); once the person signs out, a shared or seized computer must not keep it.
// Removes exactly the editors' draft keys (see LocalKey in StatementEditor and IncidentEditor), nothing else.
(function () {
  var prefixes = ['baqylau:statement:', 'baqylau:incident:'];
  try {
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var key = localStorage.key(i);
      if (key !== null && prefixes.some(function (p) { return key.indexOf(p) === 0; })) {
        localStorage.removeItem(key);
      }
    }
  } catch (e) {
    // Storage disabled (a locked-down browser): the editors could not have kept anything either.
  }
})();
