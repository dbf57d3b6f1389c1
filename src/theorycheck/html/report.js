"use strict";
// The matrix's behaviour: filters that hide rows and theory columns, and a detail panel for any cell.
// Every piece of KB text reaches the page through textContent, never as markup.
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const panel = document.getElementById("panel");
  const table = document.getElementById("matrix");
  const theories = Object.fromEntries(DATA.theories.map(t => [t.name, t]));

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function claimOf(theory, id) {
    const axiom = theories[theory].axioms[id];
    if (axiom) return axiom.claim;
    const aux = DATA.auxiliaries[id];
    return aux ? aux.claim : "";
  }

  function kindOf(theory, id) {
    if (theories[theory].axioms[id]) {
      const role = theories[theory].axioms[id].role;
      return role ? "axiom (" + role + ")" : "axiom";
    }
    return DATA.auxiliaries[id] ? "auxiliary" : (id === "input" || id === "background" ? id : "rule");
  }

  function treeList(theory, node) {
    if (!node) return null;
    const label = el("li", {}, el("code", {}, node.a));
    if (node.r === "input" || node.r === "background" || node.r === "vocabulary") {
      label.append(" (" + node.r + ")");
    } else {
      label.append(" by ", el("b", {}, node.r));
      const claim = claimOf(theory, node.r);
      if (claim) label.append(": ", el("span", {class: "claim"}, claim));
    }
    if (node.p.length) label.append(el("ul", {}, ...node.p.map(p => treeList(theory, p))));
    return label;
  }

  function tree(theory, node) {
    return node ? el("ul", {class: "tree"}, treeList(theory, node)) : null;
  }

  function doiLink(doi, text) {
    return el("a", {href: "https://doi.org/" + encodeURI(doi), rel: "noreferrer"}, text || ("doi:" + doi));
  }

  function predictedCell(theory, o) {
    const cell = el("td");
    for (const p of o.predicted) {
      cell.append(el("div", {}, el("b", {}, p.value), " by " + (p.axioms.join(", ") || "no axiom") +
        (p.auxiliaries.length ? "; auxiliaries " + p.auxiliaries.join(", ") : "")));
    }
    for (const r of o.relations) {
      cell.append(el("div", {}, r.text + " (by " + (r.axioms.join(", ") || "no axiom") +
        (r.auxiliaries.length ? "; auxiliaries " + r.auxiliaries.join(", ") : "") + ")"));
    }
    if (!o.predicted.length && !o.relations.length) cell.append("—");
    return cell;
  }

  function observations(theory, v) {
    const rows = v.observations.map(o => el("tr", {},
      el("td", {}, el("code", {}, o.key)), el("td", {}, o.observed), predictedCell(theory, o),
      el("td", {class: "status-" + o.status}, o.status)));
    return el("table", {class: "observations"},
      el("thead", {}, el("tr", {}, el("th", {}, "observation"), el("th", {}, "observed"),
        el("th", {}, "predicted"), el("th", {}, "status"))), el("tbody", {}, ...rows));
  }

  function conflicts(theory, v) {
    const c = v.conflicts;
    const box = el("section", {class: "conflicts"}, el("h3", {}, "Minimal conflict sets (" + c.sets.length + ")"));
    box.append(el("p", {}, (c.hits_core ? "Hits the core: every set holds a core axiom. " :
      "Some set holds no core axiom (the protective belt). ") +
      (c.complete ? "" : "The enumeration stopped at its time limit; there may be more. ") +
      "Each set of axioms and auxiliaries, with the finding, produces the clash; without any one member it does not."));
    c.sets.forEach((s, i) => {
      const members = el("ul", {}, ...s.axioms.concat(s.auxiliaries).map(id => el("li", {},
        el("b", {}, id), " (" + kindOf(theory, id) + "): ", el("span", {class: "claim"}, claimOf(theory, id)))));
      const clashes = el("ul", {}, ...s.clashes.concat(s.relations).map(t => el("li", {}, "predicts ", el("code", {}, t))));
      box.append(el("div", {class: "conflict-set"}, el("h4", {}, "Set " + (i + 1) + ": {" + s.axioms.join(", ") + "}" +
        (s.auxiliaries.length ? " + auxiliaries {" + s.auxiliaries.join(", ") + "}" : "")), members, clashes));
    });
    return box;
  }

  function derivations(theory, v) {
    const box = el("section", {}, el("h3", {}, "Derivations"));
    let any = false;
    for (const o of v.observations) {
      for (const p of o.predicted.concat(o.relations)) {
        if (!p.tree) continue;
        any = true;
        box.append(el("p", {}, el("code", {}, o.key), " → " + (p.value || p.text)), tree(theory, p.tree));
      }
    }
    if (!any) box.append(el("p", {class: "empty"}, "The theory predicts none of this finding's observations."));
    return box;
  }

  function sensitivity(v) {
    const box = el("section", {}, el("h3", {}, "Sensitivity"));
    if (!DATA.sensitivity_known) {
      box.append(el("p", {class: "empty"}, "Not computed for this report (theorycheck matrix computes it)."));
    } else if (!v.sensitivity.length) {
      box.append(el("p", {}, "No single axiom or auxiliary, switched off, changes this verdict."));
    } else {
      box.append(el("ul", {}, ...v.sensitivity.map(([id, kind, after]) =>
        el("li", {}, "without the " + kind + " ", el("b", {}, id), ": " + after))));
    }
    return box;
  }

  function versions(v) {
    // A theory with versions (Box 1's families): each version's own verdict beside the theory's.
    const names = Object.keys(v.versions.by_version);
    if (!names.length) return null;
    const box = el("section", {}, el("h3", {}, "Versions"));
    box.append(el("p", {}, "The verdict above is the theory's, from what every version predicts" +
      (v.versions.note ? "; " + v.versions.note + "." : "; every version agrees.")));
    box.append(el("ul", {}, ...names.map(n => el("li", {}, el("b", {}, n), " ",
      el("span", {class: "badge v-" + v.versions.by_version[n]}, v.versions.by_version[n])))));
    return box;
  }

  function provenance(f) {
    const box = el("section", {class: "provenance"}, el("h3", {}, "Provenance"));
    box.append(el("p", {}, f.kind + " · " + f.domain.replace(/_/g, " ") + " · " + f.strength + " · " +
      f.species.join(", ") + " · " + f.paradigms.join(", ").replace(/_/g, " ")));
    for (const s of f.sources) {
      const line = el("p", {class: "source"}, s.text + ". ", el("b", {}, s.locator),
        s.refs ? " (refs " + s.refs + ") " : " ");
      if (s.doi) line.append(doiLink(s.doi));
      box.append(line);
      if (s.works.length) {
        box.append(el("ul", {class: "works"}, ...s.works.map(w => el("li", {}, "[" + w.ref + "] ",
          w.text || "not in the KB's reference list", w.doi ? " " : "", w.doi ? doiLink(w.doi) : null))));
      }
    }
    if (f.quote) box.append(el("blockquote", {class: "quote"}, f.quote));
    for (const n of f.notes) box.append(el("p", {class: "note"}, "Note: " + n));
    return box;
  }

  function show(cell) {
    const theory = cell.dataset.theory, finding = cell.dataset.finding;
    const v = DATA.verdicts[theory + "/" + finding], f = DATA.findings[finding];
    document.querySelectorAll("td.cell.selected").forEach(c => c.classList.remove("selected"));
    cell.classList.add("selected");
    panel.replaceChildren(...[  // replaceChildren would show a null as the text "null"
      el("h2", {}, el("code", {}, finding)),
      el("p", {}, f.title),
      el("p", {}, el("b", {}, theory), " ", el("span", {class: "badge v-" + v.verdict}, v.verdict)),
      el("h3", {}, "Observations and predictions"), observations(theory, v),
      v.conflicts ? conflicts(theory, v) : null,
      derivations(theory, v), versions(v), sensitivity(v), provenance(f)].filter(part => part !== null));
  }

  function visibleCells() {
    return Array.from(table.querySelectorAll("tr.finding:not(.hidden) td.cell:not(.hidden)"));
  }

  function move(cell, key) {
    const row = cell.parentElement;
    const cells = Array.from(row.querySelectorAll("td.cell:not(.hidden)"));
    const col = cells.indexOf(cell);
    if (key === "ArrowLeft" || key === "ArrowRight") {
      return cells[col + (key === "ArrowLeft" ? -1 : 1)];
    }
    const rows = Array.from(table.querySelectorAll("tr.finding:not(.hidden)"));
    const next = rows[rows.indexOf(row) + (key === "ArrowUp" ? -1 : 1)];
    return next ? next.querySelectorAll("td.cell:not(.hidden)")[col] : null;
  }

  table.addEventListener("click", e => {
    const cell = e.target.closest("td.cell");
    if (cell) show(cell);
  });
  table.addEventListener("keydown", e => {
    const cell = e.target.closest("td.cell");
    if (!cell) return;
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(cell); }
    else if (e.key.startsWith("Arrow")) {
      const next = move(cell, e.key);
      if (next) { e.preventDefault(); next.focus(); }
    }
  });
  document.addEventListener("keydown", e => {
    if (e.key === "Escape") {
      const selected = document.querySelector("td.cell.selected");
      panel.replaceChildren(el("p", {class: "empty"}, "Select a cell to see why a theory gives a finding its verdict."));
      if (selected) { selected.classList.remove("selected"); selected.focus(); }
    }
  });

  function applyFilters() {
    const want = {};
    document.querySelectorAll("select[data-filter]").forEach(s => { want[s.dataset.filter] = s.value; });
    const hiddenTheories = new Set(Array.from(document.querySelectorAll("input[data-theory]"))
      .filter(i => !i.checked).map(i => i.dataset.theory));
    table.querySelectorAll("[data-theory]").forEach(c =>
      c.classList.toggle("hidden", hiddenTheories.has(c.dataset.theory)));
    let shown = 0;
    table.querySelectorAll("tr.finding").forEach(row => {
      const sources = row.dataset.source.split(" ");
      const verdicts = Array.from(row.querySelectorAll("td.cell:not(.hidden)"))
        .map(c => c.className.match(/v-(\w+)/)[1]);
      const ok = (!want.domain || row.dataset.domain === want.domain) && (!want.kind || row.dataset.kind === want.kind) &&
        (!want.strength || row.dataset.strength === want.strength) && (!want.source || sources.includes(want.source)) &&
        (!want.verdict || verdicts.includes(want.verdict));
      row.classList.toggle("hidden", !ok);
      shown += ok ? 1 : 0;
    });
    table.querySelectorAll("tbody").forEach(body =>
      body.classList.toggle("hidden", !body.querySelector("tr.finding:not(.hidden)")));
    document.getElementById("shown").textContent = shown + " findings shown";
    describeFilters(want, hiddenTheories, shown);
  }

  // The filters are not printed, so a print of a filtered matrix says which rows and columns it leaves out.
  function describeFilters(want, hiddenTheories, shown) {
    const label = {verdict: "row has"};
    const active = Object.entries(want).filter(([, value]) => value)
      .map(([name, value]) => (label[name] || name) + " " + value.replace(/_/g, " "));
    if (hiddenTheories.size) {
      active.push("theories hidden: " + Array.from(hiddenTheories, t => t.replace(/_/g, " ")).join(", "));
    }
    const total = table.querySelectorAll("tr.finding").length;
    document.getElementById("filtered").textContent = active.length ?
      "Filtered: " + active.join("; ") + " (" + shown + " of " + total + " findings shown)." : "";
  }
  document.getElementById("filters").addEventListener("change", applyFilters);
  applyFilters();
  window.theorycheckVisibleCells = visibleCells;
})();
