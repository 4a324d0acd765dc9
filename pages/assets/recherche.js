// Site search, on the search page only (generator/site/families/recherche.py), on top of
// Pagefind's JavaScript API. Nothing is fetched before someone searches: Pagefind's engine
// and the site's words (to correct a slip) load when the search box gets the focus (or at
// a query in the address), the index chunks of the words while they are typed, and the
// excerpts of ten results at a time. Results follow the typing; the number of results is
// announced (role="status"); filters narrow by strategy, kind of page and axis; the URL
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
  var STEP = 10; // results shown at once, then ten more on demand
  var PAUSE = 60; // ms without typing before a search runs: no search for every letter
  var PRELOAD_FROM = 3; // letters of a word before its index chunks load (see preload)
  var SHORT_PAUSE = 300; // ms without typing before a search for a word of one or two letters
  var KINDS = { mesure: "Fiche mesure", organisation: "Organisation", sigle: "Sigle", comparaison: "Comparaison", autre: "Page" };
  var engine = null;
  var turn = 0;
  var timer = null;
  var current = null; // the results of the query shown: { results, shown, query, corrected, some }
  var more = document.createElement("button");
  more.type = "button";
  more.className = "snpd-recherche__plus";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);

  form.querySelector("fieldset[hidden]").hidden = false;

  // Pagefind, loaded once, when the box gets the focus or at the first query.
  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf
          .options({
            baseUrl: root.pathname,
            // in the page's thread: one file less to fetch. In a worker, typing would stay
            // fluid on a site a hundred times larger, but the last query would wait for the
            // one being computed, and wait longer (bench/README.md)
            noWorker: true,
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

  // The words of the site (generator/site/search.py: VOCABULARY), loaded once, with the
  // engine.
  var vocabulary = null;
  function siteWords() {
    if (!vocabulary) {
      vocabulary = fetch(new URL("recherche/mots.txt", root).href)
        .then(function (r) {
          return r.ok ? r.text() : "";
        })
        .then(function (t) {
          return t.split("\n").filter(Boolean).map(function (w) {
            return { word: w, plain: fold(w) };
          });
        })
        .catch(function () {
          return []; // no correction, the search itself works
        });
    }
    return vocabulary;
  }

  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // One letter apart: left out, added, changed, or two neighbours swapped.
  function oneApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length < b.length) return a.slice(i) === b.slice(i + 1);
    if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
    var swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return swapped || a.slice(i + 1) === b.slice(i + 1);
  }

  // The words of the site one letter apart from `typed`, when the site has neither it nor
  // a word that starts so (a word being typed); failing that, the starts of words one
  // letter apart (« pyrotecnique » → « pyrotechnique », of « pyrotechniques »), which
  // Pagefind finds as it finds word starts.
  function nearWords(known, typed) {
    var plain = fold(typed);
    // only words of letters: « l'ecole », « post-tig », « 2020 » are Pagefind's to split
    if (plain.length < 5 || !/^[a-zœæ]+$/.test(plain)) return [];
    var other = otherSpelling(plain) || plain; // searched too (find)
    var startsSo = known.some(function (k) {
      return k.plain.lastIndexOf(plain, 0) === 0 || k.plain.lastIndexOf(other, 0) === 0;
    });
    if (startsSo) return [];
    var near = known.filter(function (k) {
      return oneApart(plain, k.plain);
    });
    if (near.length) {
      return near.map(function (k) {
        return k.word;
      });
    }
    var starts = {};
    known.forEach(function (k) {
      [plain.length - 1, plain.length, plain.length + 1].forEach(function (n) {
        if (n < k.plain.length && oneApart(plain, k.plain.slice(0, n))) starts[k.word.slice(0, n)] = true;
      });
    });
    return Object.keys(starts).slice(0, 8);
  }

  // Each word typed with a slip, replaced by the word of the site one letter apart (of
  // several, the one found on the most pages).
  function corrected(pf, words, filters) {
    return siteWords().then(function (known) {
      return words.reduce(function (done, typed) {
        return done.then(function (fixed) {
          var near = nearWords(known, typed);
          if (near.length < 2) return fixed.concat(near.length ? near : [typed]);
          return Promise.all(
            near.map(function (w) {
              return pf.search(w, { filters: filters });
            })
          ).then(function (found) {
            var best = 0;
            found.forEach(function (r, i) {
              if (r.results.length > found[best].results.length) best = i;
            });
            return fixed.concat([near[best]]);
          });
        });
      }, Promise.resolve([]));
    });
  }

  function text(tag, className, value) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (value) el.textContent = value;
    return el;
  }

  // The pages are indexed with ASCII apostrophes, which Pagefind splits words at
  // (generator/site/search.py): the site's typographic apostrophe is shown again.
  function typographic(s) {
    return s.replace(/'|&#0?39;|&#x27;|&apos;/g, "’");
  }

  function item(d) {
    var li = text("li", "snpd-resultat");
    var kind = (d.filters && d.filters.type && d.filters.type[0]) || "autre";
    var meta = [KINDS[kind] || KINDS.autre];
    if (d.meta.strategie) meta.push("Stratégie " + d.meta.strategie);
    li.appendChild(text("p", "snpd-resultat__meta", meta.join(" · ")));
    var title = text("p", "snpd-resultat__titre");
    var a = text("a", "", typographic(d.meta.title || d.url));
    // an acronym's record leads to its entry in the glossary
    a.href = d.meta.lien ? new URL(d.meta.lien, root).href : d.url;
    title.appendChild(a);
    li.appendChild(title);
    var excerpt = text("p", "snpd-resultat__extrait");
    // Pagefind's escaped text with <mark> around the words found
    excerpt.innerHTML = typographic(d.excerpt);
    li.appendChild(excerpt);
    return li;
  }

  function say(found) {
    var n = found.results.length;
    var said = n === 0 ? "Aucun résultat" : n === 1 ? "1 résultat" : n + " résultats";
    said += " pour « " + found.query + " »";
    var chosen = selects.filter(function (sel) {
      return sel.value;
    });
    if (chosen.length) {
      said +=
        ", filtrés (" +
        chosen
          .map(function (sel) {
            return sel.labels[0].textContent + " : " + sel.options[sel.selectedIndex].text;
          })
          .join(" ; ") +
        ")";
    }
    if (found.corrected) said += " (mots corrigés : « " + found.corrected + " »)";
    if (found.some) said += " (aucune page ne contient tous les mots : d’abord celles qui en contiennent le plus)";
    if (n > found.shown) said += " ; les " + found.shown + " premiers sont affichés";
    status.textContent = said + ".";
  }

  // The next ten results of the query shown. Each is shown as soon as its excerpt and
  // those of the results before it have arrived; the count is announced once all ten are.
  function showMore(mine, focusFirst) {
    var found = current;
    var next = found.results.slice(found.shown, found.shown + STEP);
    var ready = next.map(function (r) {
      return r.data();
    });
    var first = null;
    if (found.shown === 0) {
      list.textContent = "";
      list.dataset.requete = found.query; // whose results these are (tests, benchmark)
    }
    var chain = Promise.resolve();
    ready.forEach(function (p) {
      chain = chain.then(function () {
        return p.then(function (d) {
          if (mine !== turn) return;
          var li = item(d);
          first = first || li;
          list.appendChild(li);
          found.shown += 1;
        });
      });
    });
    return chain.then(function () {
      if (mine !== turn) return;
      var left = found.results.length - found.shown;
      more.hidden = left <= 0;
      more.textContent = "Afficher " + Math.min(STEP, left) + " résultats de plus (sur " + left + ")";
      say(found);
      if (focusFirst && first) first.querySelector("a").focus();
    });
  }

  // One search computes at a time: run() called meanwhile (the person typed on) waits for
  // it, then runs once with what the box holds then. At a large scale a search takes a good
  // part of a second; queued searches for every letter typed would delay the last one.
  var searching = false;
  var waiting = false;

  function idle() {
    searching = false;
    if (waiting) {
      waiting = false;
      run();
    }
  }

  // Words that say little about what a page is about: articles, prepositions, pronouns,
  // question words. Never asked of Pagefind with other words (essential); left out when no
  // page holds all the words of a query (someWords).
  var FILLERS = (
    "a au aux avec ce ces cet cette chez comment dans de des du elle elles en est et il ils " +
    "je la le les leur leurs lui ma mes mon ne nous on ou par pas pour pourquoi quand que quel " +
    "quelle quelles quels qui quoi sa sans se ses son sont sur ta tes ton tu un une vos votre vous"
  ).split(" ");

  function filler(word) {
    return FILLERS.indexOf(fold(word)) >= 0;
  }

  // What Pagefind is asked: the query without its FILLERS, unless it has nothing else.
  // They are on nearly every page and narrow nothing down, but Pagefind scores each of their
  // matches: at a hundred times the content, « prevention de la delinquance » takes 1.6 s,
  // « prevention delinquance » 0.17 s, for the same pages (bench/README.md).
  function essential(query) {
    var kept = query.split(/\s+/).filter(function (w) {
      return !filler(w);
    });
    return kept.length ? kept.join(" ") : query;
  }

  function significant(word) {
    var plain = fold(word);
    return /^\d+$/.test(plain) || (plain.length >= 3 && !filler(plain));
  }

  // A page that holds the words as they stand in the query (« petite délinquance », not
  // « petites communes » and « délinquance » apart) scores this much more. Pagefind scores
  // each word alone; it gives the positions of the words found (`words`), not which word
  // is where, hence a check on positions only. Tried at 2 and 3 on the relevance set
  // (tests/browser/test_relevance.py): the same queries found, more moved. There, each
  // card still comes before the comparison pages that reprint its text.
  var TOGETHER = 1.5;

  // Where the words asked of Pagefind (essential) stand in the query, from the first:
  // « violences contre les elus » → 0, 1, 3. None for one word, nor with a number: numbers
  // are found by key words and references (named), not in the text.
  function spacing(query) {
    if (/\d/.test(query)) return null;
    var at = [];
    query.split(/\s+/).forEach(function (w, i) {
      if (!filler(w)) at.push(i);
    });
    return at.length > 1
      ? at.map(function (i) {
          return i - at[0];
        })
      : null;
  }

  // The results, those holding the words side by side scored up (TOGETHER), best first.
  // Only the first AMONG are looked at: the next ones are seldom read, and at a hundred
  // times the content a query of common words finds thousands of pages.
  var AMONG = 100;

  function together(results, query) {
    var gaps = spacing(query);
    if (!gaps) return results;
    var found = false;
    var scored = results.slice(0, AMONG).map(function (r, i) {
      var at = {};
      r.words.forEach(function (p) {
        at[p] = true;
      });
      var phrase = r.words.some(function (p) {
        return gaps.every(function (g) {
          return at[p + g];
        });
      });
      found = found || phrase;
      return { result: r, rank: i, score: r.score * (phrase ? TOGETHER : 1) };
    });
    if (!found) return results;
    scored.sort(function (a, b) {
      return b.score - a.score || a.rank - b.rank;
    });
    return scored
      .map(function (x) {
        return x.result;
      })
      .concat(results.slice(AMONG));
  }

  // The pages found first, then those of `more` not among them.
  function merged(first, more) {
    var seen = {};
    return first.concat(more).filter(function (x) {
      return seen[x.id] ? false : (seen[x.id] = true);
    });
  }

  // When no page (or fewer than three) holds all the words of a query typed as a sentence
  // (« comment sortir un jeune du trafic de drogue »): the pages holding the most of its
  // significant words, then the best scored. Each word is one search.
  function someWords(pf, words, filters) {
    return Promise.all(
      words.map(function (w) {
        return pf.search(w, { filters: filters });
      })
    ).then(function (each) {
      var pages = {};
      each.forEach(function (r) {
        r.results.forEach(function (x) {
          var p = pages[x.id] || (pages[x.id] = { result: x, words: 0, score: 0 });
          p.words += 1;
          p.score += x.score;
        });
      });
      return Object.keys(pages)
        .map(function (id) {
          return pages[id];
        })
        .sort(function (a, b) {
          return b.words - a.words || b.score - a.score;
        })
        .map(function (p) {
          return p.result;
        });
    });
  }

  // « oe » and « œ » (« ae », « æ ») are the same letters to a reader, not to Pagefind: the
  // site prints « mise en œuvre », a keyboard types « mise en oeuvre ». The query written
  // the other way, if it holds either.
  function otherSpelling(query) {
    var other = /[œæ]/i.test(query)
      ? query.replace(/œ/g, "oe").replace(/Œ/g, "Oe").replace(/æ/g, "ae").replace(/Æ/g, "Ae")
      : query.replace(/oe/g, "œ").replace(/O[eE]/g, "Œ").replace(/ae/g, "æ").replace(/A[eE]/g, "Æ");
    return other === query ? null : other;
  }

  // « 4 », « M4 », « mesure 4 », « axe 2 », « enjeu 7 »: a card or an axis of the current
  // strategy by its number, asked for by its `reference` filter (generator/site/search.py)
  // and shown first. Pagefind matches « 4 » as the start of « 40 » to « 49 » too, and may
  // rank those first.
  var REFERENCE = /^(m|mesure|axe|enjeu)?\s*(\d{1,4})$/i;

  function named(pf, query, filters) {
    var ref = REFERENCE.exec(query);
    if (!ref) return { results: [] };
    var kind = (ref[1] || "mesure").toLowerCase();
    var reference = (kind === "m" ? "mesure" : kind) + " " + Number(ref[2]);
    return pf.search(null, { filters: Object.assign({ reference: reference }, filters) });
  }

  // The pages holding all the words (but the FILLERS: essential), written as typed or the
  // other way (otherSpelling), those holding them side by side scored up (together); a word
  // typed with a slip corrected (corrected), the pages of the corrected words first; if
  // fewer than three pages, those holding some of the words (someWords). A card or an axis
  // named by its number (named) before all.
  function find(pf, query, filters, mine) {
    var words = query.split(/\s+/);
    var asked = essential(query);
    var other = otherSpelling(asked);
    var out = { results: [] };
    return Promise.all([
      pf.search(asked, { filters: filters }),
      other ? pf.search(other, { filters: filters }) : { results: [] },
      corrected(pf, words, filters),
      named(pf, query, filters),
    ])
      .then(function (all) {
        out.results = merged(all[3].results, together(merged(all[0].results, all[1].results), query));
        var fixed = all[2];
        var again = fixed.join(" ");
        if (again === words.join(" ") || mine !== turn) return words;
        return pf.search(essential(again), { filters: filters }).then(function (r) {
          if (!r.results.length) return words;
          out.corrected = again;
          out.results = merged(r.results, out.results);
          return fixed;
        });
      })
      .then(function (fixed) {
        var some = fixed.filter(significant);
        if (out.results.length >= 3 || mine !== turn || some.length < 2) return out;
        return someWords(pf, some, filters).then(function (found) {
          var before = out.results.length;
          out.results = merged(out.results, found);
          out.some = out.results.length > before;
          return out;
        });
      });
  }

  function run() {
    if (searching) {
      waiting = true;
      return;
    }
    var query = input.value.trim();
    var mine = ++turn;
    keepInAddress(query);
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      return;
    }
    var filters = chosenFilters();
    searching = true;
    var found = pagefind().then(function (pf) {
      return find(pf, query, filters, mine);
    });
    found.then(idle, idle);
    found
      .then(function (out) {
        if (mine !== turn) return null;
        current = { results: out.results, shown: 0, query: query, corrected: out.corrected, some: out.some };
        return showMore(mine, false);
      })
      .catch(function (err) {
        if (mine === turn) status.textContent = "La recherche n’a pas pu se charger (" + err.message + ").";
      });
  }

  // A search runs once typing pauses; after a word's first letter or two, only after a
  // longer pause: such a start matches hundreds of words (the costliest search of all at a
  // large scale) and is most often on its way to a longer word. A short query still runs.
  function soon() {
    clearTimeout(timer);
    var query = input.value.trim();
    var short = query && query.split(/\s+/).pop().length < PRELOAD_FROM;
    timer = setTimeout(run, short ? SHORT_PAUSE : PAUSE);
  }

  // While the words are typed, the index chunks that hold them load: from the third letter
  // of a word, the chunk of every word that starts so (Pagefind matches word starts), which
  // is most often that of the whole word; by the last letter, the search has little left
  // to fetch. Shorter starts would fetch chunks for too many words.
  function preload() {
    var query = input.value.trim();
    var last = query.split(/\s+/).pop();
    if (last.length < PRELOAD_FROM) return;
    var filters = chosenFilters();
    pagefind()
      .then(function (pf) {
        return pf.preload(essential(query), { filters: filters });
      })
      .catch(function () {}); // the search itself says what failed
  }

  // Words pasted, dropped or chosen among the browser's suggestions arrive whole: no more
  // letters are coming, the search runs at once.
  var WHOLE = /^(insertFromPaste|insertFromDrop|insertReplacementText)$/;

  input.addEventListener("input", function (event) {
    if (WHOLE.test(event.inputType || "")) {
      clearTimeout(timer);
      run();
      return;
    }
    preload();
    soon();
  });
  // the engine (its script, its WebAssembly, the index's table of contents: not the index)
  // loads as soon as someone is about to search; an empty search starts the WebAssembly
  input.addEventListener("focus", function () {
    siteWords();
    pagefind().then(function (pf) {
      return pf.init().then(function () {
        return pf.search("");
      });
    });
  });
  more.addEventListener("click", function () {
    if (current) showMore(turn, true);
  });
  selects.forEach(function (s) {
    s.addEventListener("change", run);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
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
