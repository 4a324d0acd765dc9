// Filters for the comparison table (relation type, axis). Without JavaScript the whole
// table is shown: this only hides rows.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector(".snpd-filtres");
  var table = box && document.getElementById(box.dataset.cible);
  if (!table) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var info = rows.map(function (tr) {
    var span = tr.querySelector(".snpd-relation");
    return { tr: tr, relation: span.dataset.relation, axes: span.dataset.axes.split(" ") };
  });
  function options(values) {
    return ['<option value="">Tous</option>'].concat(values.map(function (v) {
      return '<option value="' + v + '">' + v.replace(":", " – axe ") + "</option>";
    })).join("");
  }
  var relations = Array.from(new Set(info.map(function (i) { return i.relation; }))).sort();
  var axes = Array.from(new Set([].concat.apply([], info.map(function (i) { return i.axes; })))).sort();
  box.innerHTML =
    '<label>Relation <select id="filtre-relation">' + options(relations) + "</select></label> " +
    '<label>Axe <select id="filtre-axe">' + options(axes) + "</select></label> " +
    '<span id="filtre-compte" role="status"></span>';
  box.hidden = false;
  var rel = document.getElementById("filtre-relation");
  var axe = document.getElementById("filtre-axe");
  var count = document.getElementById("filtre-compte");
  function apply() {
    var n = 0;
    info.forEach(function (i) {
      var ok = (!rel.value || i.relation === rel.value) && (!axe.value || i.axes.indexOf(axe.value) >= 0);
      i.tr.hidden = !ok;
      if (ok) n++;
    });
    count.textContent = n + " lien" + (n > 1 ? "s" : "") + " affiché" + (n > 1 ? "s" : "");
  }
  rel.addEventListener("change", apply);
  axe.addEventListener("change", apply);
  apply();
});
