// Site search, on the search page only (generator/site/families/recherche.py), on top of
// Pagefind's JavaScript API. Nothing is fetched before someone searches: Pagefind and its
// index chunks load at the first query. Results follow the typing; the number of results
// is announced (role="status"); filters narrow by strategy, kind of page and axis; the URL
// keeps the query (?q=…), so a search can be shared and the header's box lands here.
// Without JavaScript the page lists the index pages to browse.
(function () {
  "use strict";
  var form = document.querySelector("form.snpd-recherche");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filtre]"));
  var status = document.getElementById("snpd-statut");
  var list = document.getElementById("snpd-resultats");
  var root = new URL(form.dataset.racine || "./", document.baseURI);
  var MAX = 30;
  var KINDS = { mesure: "Fiche mesure", organisation: "Organisation", sigle: "Sigle", comparaison: "Comparaison", autre: "Page" };
  var engine = null;
  var turn = 0;

  form.querySelector("fieldset[hidden]").hidden = false;

  // Pagefind, loaded once, at the first query.
  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf
          .options({
            baseUrl: root.pathname,
            excerptLength: 24,
            // a page's key words (card number, organisation's or glossary acronym) first, then
            // its title; long pages (cards) less penalised than by default (0.75)
            ranking: { pageLength: 0.5, metaWeights: { cle: 12.0, title: 5.0, strategie: 0.0, numero: 0.0, lien: 0.0 } },
          })
          .then(function () {
            return pf;
          });
      });
    }
    return engine;
  }

  function chosenFilters() {
    var f = {};
    selects.forEach(function (s) {
      if (s.value) f[s.dataset.filtre] = s.value;
    });
    return f;
  }

  function keepInAddress(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    selects.forEach(function (s) {
      if (s.value) params.set(s.name, s.value);
    });
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  // A word that finds (almost) nothing, typed with a slip: the longest start of it (at
  // least four letters and most of the word) that finds more pages, e.g. « harcelemnt » →
  // « harcelem… ». Used when a query finds fewer than three pages.
  function approach(pf, words, filters) {
    return words.reduce(function (done, word) {
      return done.then(function (fixed) {
        if (word.length < 5) return fixed.concat([word]);
        return pf.search(word, { filters: filters }).then(function (r) {
          var found = r.results.length;
          if (found >= 3) return fixed.concat([word]);
          var shortest = Math.max(4, Math.ceil(word.length * 0.6));
          var tryFrom = function (n) {
            if (n < shortest) return fixed.concat([word]);
            var start = word.slice(0, n);
            return pf.search(start, { filters: filters }).then(function (r2) {
              return r2.results.length > found ? fixed.concat([start]) : tryFrom(n - 1);
            });
          };
          return tryFrom(word.length - 1);
        });
      });
    }, Promise.resolve([]));
  }

  function text(tag, className, value) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (value) el.textContent = value;
    return el;
  }

  function show(items, query, approached) {
    list.textContent = "";
    items.forEach(function (d) {
      var li = text("li", "snpd-resultat");
      var kind = (d.filters && d.filters.type && d.filters.type[0]) || "autre";
      var meta = [KINDS[kind] || KINDS.autre];
      if (d.meta.strategie) meta.push("Stratégie " + d.meta.strategie);
      li.appendChild(text("p", "snpd-resultat__meta", meta.join(" · ")));
      var title = text("p", "snpd-resultat__titre");
      var a = text("a", "", d.meta.title || d.url);
      // an acronym's record leads to its entry in the glossary
      a.href = d.meta.lien ? new URL(d.meta.lien, root).href : d.url;
      title.appendChild(a);
      li.appendChild(title);
      var excerpt = text("p", "snpd-resultat__extrait");
      excerpt.innerHTML = d.excerpt; // Pagefind's escaped text with <mark> around the words found
      li.appendChild(excerpt);
      list.appendChild(li);
    });
    var n = items.length;
    var said = n === 0 ? "Aucun résultat" : n === 1 ? "1 résultat" : (n === MAX ? "Les " + MAX + " premiers résultats" : n + " résultats");
    said += " pour « " + query + " »";
    var chosen = selects.filter(function (sel) {
      return sel.value;
    });
    if (chosen.length) {
      said += ", filtrés (" + chosen.map(function (sel) {
        return sel.labels[0].textContent + " : " + sel.options[sel.selectedIndex].text;
      }).join(" ; ") + ")";
    }
    if (approached) said += " (mots approchés : « " + approached + "… »)";
    status.textContent = said + ".";
  }

  function run() {
    var query = input.value.trim();
    var mine = ++turn;
    keepInAddress(query);
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    var filters = chosenFilters();
    pagefind()
      .then(function (pf) {
        return pf.search(query, { filters: filters }).then(function (found) {
          if (found.results.length >= 3 || mine !== turn) return { results: found.results };
          var words = query.split(/\s+/);
          return approach(pf, words, filters).then(function (fixed) {
            var again = fixed.join(" ");
            if (again === words.join(" ")) return { results: found.results };
            return pf.search(again, { filters: filters }).then(function (r) {
              // the pages found as typed first, then those found by the approached words
              var seen = {};
              var all = found.results.concat(r.results).filter(function (x) {
                return seen[x.id] ? false : (seen[x.id] = true);
              });
              return { results: all, approached: r.results.length ? again : null };
            });
          });
        });
      })
      .then(function (out) {
        if (mine !== turn) return null;
        return Promise.all(
          out.results.slice(0, MAX).map(function (r) {
            return r.data();
          })
        ).then(function (items) {
          if (mine === turn) show(items, query, out.approached);
        });
      })
      .catch(function (err) {
        if (mine === turn) status.textContent = "La recherche n’a pas pu se charger (" + err.message + ").";
      });
  }

  input.addEventListener("input", run);
  selects.forEach(function (s) {
    s.addEventListener("change", run);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  // Arriving from the header's box (?q=…) or a shared address: search at once.
  var params = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    var v = params.get(s.name);
    if (v) s.value = v;
  });
  if (params.get("q")) {
    input.value = params.get("q");
    run();
  }
})();
