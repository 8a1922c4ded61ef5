/* normtool review: the cluster list, search, filters and cluster views.
 *
 * The data sits in JSON script elements: "nt-index" holds
 * one entry per cluster (columns), "nt-d<k>" the details of clusters
 * k*chunk .. (k+1)*chunk-1, parsed only when one of them is opened.
 * Article text only ever reaches the page as text nodes (el() below), never
 * through innerHTML: a script element in an article is shown as text, never run.
 */
(function () {
  "use strict";

  var WORD = /[^ \t\n\r]+/g;          // the same word pattern as diff.py
  var BETWEEN = /[^ \t\n\r]+/;         // split on words: the separators
  var PER_PAGE = 50;
  var TOP = 10;
  var CACHE = 16;                      // parsed detail chunks kept
  var RELATIONS = ["exact", "near", "contained", "spun"];   // flag bits 1, 2, 4, 8
  var F_CANONICAL_SPUN = 16, F_COPY_SPUN = 32, F_INDEXED = 64;

  function byId(id) { return document.getElementById(id); }

  /* An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
      });
    }
    return add(node, children);
  }

  function add(node, children) {
    if (children === null || children === undefined) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function sim(s) { return s.toFixed(4).replace(/0+$/, "").replace(/\.$/, ".0"); }
  function plural(n, word) { return fmt(n) + " " + word + (n === 1 ? "" : "s"); }

  /* ---------------------------------------------------------------- data */

  var index = JSON.parse(byId("nt-index").textContent);
  var N = index.cluster.length;
  var chunks = new Map();

  function details(i) {
    var c = Math.floor(i / index.chunk);
    var got = chunks.get(c);
    if (!got) {
      got = JSON.parse(byId("nt-d" + c).textContent);
      if (chunks.size >= CACHE) chunks.delete(chunks.keys().next().value);
      chunks.set(c, got);
    }
    return got[i % index.chunk];
  }

  function key(i) { return index.cluster[i] || index.id[i]; }
  function titleOf(i) { return index.title[i] || "(no title) " + index.id[i]; }

  var byKey = null;
  function find(k) {
    if (!byKey) {
      byKey = new Map();
      for (var i = N - 1; i >= 0; i--) byKey.set(key(i), i);
    }
    return byKey.has(k) ? byKey.get(k) : -1;
  }

  /* Lowest similarity of a cluster's copies; 2 (after every real one) for none. */
  function doubt(i) { var s = index.minsim[i]; return s === null ? 2 : s; }

  var orders = {};
  function order(name) {
    if (orders[name]) return orders[name];
    var o = new Int32Array(N), size = index.size;
    for (var i = 0; i < N; i++) o[i] = i;
    if (name === "size") {
      o.sort(function (a, b) { return size[b] - size[a] || doubt(a) - doubt(b) || a - b; });
    } else if (name === "uncertain") {
      o.sort(function (a, b) { return doubt(a) - doubt(b) || size[b] - size[a] || a - b; });
    }
    orders[name] = o;
    return o;
  }

  var hay = null;
  function haystack() {
    if (!hay) {
      hay = new Array(N);
      for (var i = 0; i < N; i++) {
        hay[i] = (index.cluster[i] + "\n" + index.id[i] + "\n" + index.title[i] + "\n" +
                  index.more[i]).toLowerCase();
      }
    }
    return hay;
  }

  function hasCopies(i) { return index.size[i] > 1 || (index.flags[i] & F_INDEXED) !== 0; }

  function facts(i) {
    var f = index.flags[i], out = [plural(index.size[i], "article")];
    if (index.date[i]) out.unshift(index.date[i]);
    var rels = RELATIONS.filter(function (r, k) { return f & (1 << k); });
    if (rels.length) out.push(rels.join(", "));
    if (index.minsim[i] !== null) out.push("least similarity " + sim(index.minsim[i]));
    if (f & (F_CANONICAL_SPUN | F_COPY_SPUN)) out.push("spun");
    if (f & F_INDEXED) out.push("story indexed earlier");
    return out;
  }

  /* The facts as one line; each fact kept whole when the line wraps. */
  function factsLine(i, tag, before) {
    var line = el(tag || "span", { "class": "facts" }, before);
    facts(i).forEach(function (fact, k) {
      add(line, [k || before ? " \u00b7 " : "", el("span", { "class": "fact" }, fact)]);
    });
    return line;
  }

  /* ---------------------------------------------------------------- list */

  var state = { terms: [], rel: "", spun: "", sort: "size", page: 0, current: -1 };
  var view = order("size");

  function wanted(i) {
    var f = index.flags[i];
    if (state.rel === "single" && hasCopies(i)) return false;
    if (state.rel === "copies" && !hasCopies(i)) return false;
    var bit = RELATIONS.indexOf(state.rel);
    if (bit >= 0 && !(f & (1 << bit))) return false;
    var spun = f & (F_CANONICAL_SPUN | F_COPY_SPUN);
    if ((state.spun === "yes" && !spun) || (state.spun === "no" && spun)) return false;
    if (state.terms.length) {
      var h = hay[i];
      for (var t = 0; t < state.terms.length; t++) if (h.indexOf(state.terms[t]) < 0) return false;
    }
    return true;
  }

  function refilter() {
    var o = order(state.sort);
    if (!state.terms.length && !state.rel && !state.spun) {
      view = o;
    } else {
      if (state.terms.length) haystack();
      var out = [];
      for (var k = 0; k < o.length; k++) if (wanted(o[k])) out.push(o[k]);
      view = out;
    }
    state.page = 0;
    renderList();
  }

  function link(i) {
    var a = el("a", { href: "#c=" + encodeURIComponent(key(i)), "data-i": i }, titleOf(i));
    if (i === state.current) a.setAttribute("aria-current", "true");
    return a;
  }

  function renderList() {
    var list = byId("list"), pages = Math.max(1, Math.ceil(view.length / PER_PAGE));
    state.page = Math.max(0, Math.min(state.page, pages - 1));
    var start = state.page * PER_PAGE, end = Math.min(view.length, start + PER_PAGE);
    var frag = document.createDocumentFragment();
    for (var k = start; k < end; k++) {
      var i = view[k];
      frag.appendChild(el("li", null, [link(i), " ", factsLine(i)]));
    }
    list.textContent = "";
    list.setAttribute("start", start + 1);
    list.appendChild(frag);
    byId("matches").textContent = view.length === N
      ? plural(N, "cluster")
      : fmt(view.length) + " of " + plural(N, "cluster") + " match";
    byId("pageno").textContent = "Page " + fmt(state.page + 1) + " of " + fmt(pages);
    byId("prev").disabled = state.page === 0;
    byId("next").disabled = state.page >= pages - 1;
  }

  function markCurrent() {
    var links = document.querySelectorAll("#list a, .tops a");
    for (var k = 0; k < links.length; k++) {
      if (Number(links[k].getAttribute("data-i")) === state.current) {
        links[k].setAttribute("aria-current", "true");
      } else {
        links[k].removeAttribute("aria-current");
      }
    }
  }

  function renderTops() {
    var largest = [], uncertain = [], bySize = order("size"), byDoubt = order("uncertain");
    for (var k = 0; k < N && largest.length < TOP && hasCopies(bySize[k]); k++) {
      largest.push(bySize[k]);
    }
    for (k = 0; k < N && uncertain.length < TOP && index.minsim[byDoubt[k]] !== null; k++) {
      uncertain.push(byDoubt[k]);
    }
    [["largest", largest], ["uncertain", uncertain]].forEach(function (pair) {
      var ol = byId(pair[0]);
      if (!pair[1].length) {
        ol.parentNode.replaceChild(el("p", { id: pair[0] }, "No cluster has copies."), ol);
        return;
      }
      pair[1].forEach(function (i) {
        ol.appendChild(el("li", null, [link(i), " ", factsLine(i)]));
      });
    });
  }

  /* ---------------------------------------------------------------- texts */

  function split(text) { return { words: text.match(WORD) || [], seps: text.split(BETWEEN) }; }

  /* The copy's words (marks: 1 = not in the canonical), the canonical's
     marks (1 = not in the copy) and the copy's separators, from its diff. */
  function unpack(canonical, diff) {
    var words = [], marks = [], gone = new Uint8Array(canonical.words.length), pos = 0;
    diff.o.forEach(function (op) {
      if (typeof op === "string") {
        op.split(" ").forEach(function (w) { words.push(w); marks.push(1); });
      } else if (op > 0) {
        for (var k = 0; k < op; k++) { words.push(canonical.words[pos + k]); marks.push(0); }
        pos += op;
      } else {
        for (k = 0; k < -op; k++) gone[pos + k] = 1;
        pos -= op;
      }
    });
    var seps = [""];
    for (var k = 1; k < words.length; k++) seps.push(" ");
    if (words.length) seps.push("");
    (diff.p || []).forEach(function (k) { seps[k] = "\n\n"; });
    (diff.x || []).forEach(function (pair) { seps[pair[0]] = pair[1]; });
    return { words: words, seps: seps, marks: marks, gone: gone };
  }

  function join(words, seps) {
    var out = seps[0];
    for (var k = 0; k < words.length; k++) out += words[k] + seps[k + 1];
    return out;
  }

  /* Text into node; runs of marked words (within a paragraph) go into <tag>. */
  function fill(node, words, seps, marks, tag) {
    var plain = seps[0], n = words.length;
    for (var k = 0; k < n;) {
      if (!marks[k]) { plain += words[k] + seps[k + 1]; k++; continue; }
      var m = k, inner = words[k];
      while (m + 1 < n && marks[m + 1] && seps[m + 1].indexOf("\n") < 0) {
        inner += seps[m + 1] + words[m + 1];
        m++;
      }
      if (plain) node.appendChild(document.createTextNode(plain));
      node.appendChild(el(tag, null, inner));
      plain = seps[m + 1];
      k = m + 1;
    }
    if (plain) node.appendChild(document.createTextNode(plain));
    return node;
  }

  function count(marks) {
    var n = 0;
    for (var k = 0; k < marks.length; k++) n += marks[k];
    return n;
  }

  function sideBySide(canonical, copy) {
    var gone = count(copy.gone), added = count(copy.marks);
    if (!gone && !added) {
      return el("p", { "class": "same" }, "Word for word the canonical's text.");
    }
    return el("div", { "class": "diff" }, [
      el("p", { "class": "diffnote" }, [
        plural(gone, "word") + " only in the canonical (", el("del", null, "struck through"),
        "), " + plural(added, "word") + " only in the copy (", el("ins", null, "underlined"), ")."]),
      el("div", { "class": "sidebyside" }, [
        el("section", { "class": "side canonical-text" }, [
          el("h5", null, "Canonical"),
          fill(el("div", { "class": "text" }), canonical.words, canonical.seps, copy.gone, "del")]),
        el("section", { "class": "side copy-text" }, [
          el("h5", null, "Copy"),
          fill(el("div", { "class": "text" }), copy.words, copy.seps, copy.marks, "ins")])])]);
  }

  /* ---------------------------------------------------------------- records */

  var FIELDS = [["title", "Title"], ["date", "Date"], ["dateline", "Dateline"],
                ["credits", "Credits"], ["url", "URL"], ["source", "Source"],
                ["lang", "Language"], ["words", "Words"], ["spin_score", "Spin score"]];

  function fields(rec, id) {
    var dl = el("dl", { "class": "fields" });
    if (id) add(dl, [el("dt", null, "Id"), el("dd", null, el("code", null, id))]);
    FIELDS.forEach(function (f) {
      var v = rec[f[0]];
      if (v === undefined || v === null || v === "") return;
      if (Array.isArray(v)) v = v.join(" | ");
      if (f[0] === "spin_score") v = v + (rec.spun ? " (spun)" : " (not spun)");
      add(dl, [el("dt", null, f[1]), el("dd", null, String(v))]);
    });
    return dl;
  }

  function repairMark(r, shown) {
    return el("span", { "class": "repair" }, [
      el("del", null, r.from), " ", el("ins", null, shown), " ",
      el("span", { "class": "rule" }, "[" + r.rule + "]")]);
  }

  /* The repaired text with each repair marked: spun words struck through,
     the repair underlined beside them, and the rule that made it. */
  function marked(text, repairs) {
    var box = el("div", { "class": "text" }), pos = 0, skipped = [];
    repairs.slice().sort(function (a, b) { return a.offset - b.offset; }).forEach(function (r) {
      var end = r.offset + r.to.length;
      if (r.offset < pos || end > text.length) { skipped.push(r); return; }
      box.appendChild(document.createTextNode(text.slice(pos, r.offset)));
      box.appendChild(repairMark(r, text.slice(r.offset, end)));
      pos = end;
    });
    box.appendChild(document.createTextNode(text.slice(pos)));
    return { box: box, skipped: skipped };
  }

  function repairsView(id, rec, text) {
    var reps = rec.repairs || [], body = [], byLine = {};
    reps.forEach(function (r) {
      if (!r.field) { body.push(r); return; }
      (byLine[r.field] = byLine[r.field] || []).push(r);
    });
    var out = el("section", { "class": "repairs" });
    add(out, el("p", null, [el("code", null, id), " \u00b7 spin score " + rec.spin_score +
      " \u00b7 " + plural(reps.length, "repair") +
      (reps.length !== body.length ? " (" + fmt(reps.length - body.length) + " in the credits)" : "")]));
    var m = marked(text, body);
    add(out, m.box);
    Object.keys(byLine).sort().forEach(function (field) {
      var k = Number(field.split(".")[1]), line = (rec.credits || [])[k];
      if (line === undefined) return;
      var c = marked(line, byLine[field]);
      m.skipped = m.skipped.concat(c.skipped);
      add(out, el("p", { "class": "credit" }, [el("strong", null, "Credits line " + (k + 1) + ": "), c.box]));
    });
    if (m.skipped.length) {
      add(out, el("p", { "class": "note" }, plural(m.skipped.length, "repair") +
        " could not be placed (offsets outside the text or overlapping): " +
        m.skipped.map(function (r) { return r.from + " \u2192 " + r.to; }).join("; ")));
    }
    return out;
  }

  /* ---------------------------------------------------------------- cluster view */

  function copyBody(canonical, copy) {
    var out = [el("p", { "class": "why" }, [el("strong", null, "Why the canonical: "), copy.why])];
    if (copy.record) out.push(fields(copy.record, null));
    if (copy.diff) out.push(sideBySide(canonical, unpack(canonical, copy.diff)));
    else if (copy.text !== undefined) out.push(el("div", { "class": "text" }, copy.text));
    else out.push(el("p", { "class": "note" }, "Text not available."));
    return out;
  }

  function copyView(canonical, copy, open) {
    var box = el("details", { "class": "copy", "data-id": copy.id }, el("summary", null, [
      el("code", null, copy.id), " \u2014 ", copy.relation || "related",
      copy.similarity === null ? "" : ", similarity " + sim(copy.similarity)]));
    var filled = false;
    function fillIn() {
      if (filled || !box.open) return;
      filled = true;
      add(box, el("div", { "class": "copy-body" }, copyBody(canonical, copy)));
    }
    box.addEventListener("toggle", fillIn);
    if (open) { box.open = true; fillIn(); }
    return box;
  }

  function show(i) {
    state.current = i;
    var d = details(i), c = d.canonical, box = byId("cluster");
    var canonical = c.indexed ? null : split(c.text);
    var parts = [
      el("h3", { id: "cluster-title" }, titleOf(i)),
      factsLine(i, "p", ["Cluster ", el("code", null, key(i))])];
    if (c.indexed) {
      parts.push(el("p", { "class": "note" }, ["The canonical, ", el("code", null, c.id),
        ", was indexed by an earlier run; its text is not in this corpus."]));
    } else {
      parts.push(el("section", { "class": "canonical" }, [el("h4", null, "Canonical"), fields(c, c.id)]));
    }
    var copies = el("section", { "class": "copies" }, el("h4", null, "Copies (" + fmt(d.copies.length) + ")"));
    if (!d.copies.length) add(copies, el("p", null, "No copies: this story appeared once."));
    d.copies.forEach(function (copy, k) { add(copies, copyView(canonical, copy, k === 0)); });
    parts.push(copies);

    var spun = [];
    if (c.repairs || c.spun) spun.push([c.id, c, c.text]);
    d.copies.forEach(function (copy) {
      var r = copy.record;
      if (!r || !(r.repairs || r.spun)) return;
      var text = copy.diff ? (function () { var u = unpack(canonical, copy.diff); return join(u.words, u.seps); })()
                           : copy.text;
      if (text !== undefined) spun.push([copy.id, r, text]);
    });
    if (spun.length) {
      var reps = el("section", { "class": "repair-list" }, el("h4", null, "Spin repairs"));
      spun.forEach(function (s, k) {
        var det = el("details", { "class": "spun" }, el("summary", null, [
          el("code", null, s[0]), s[1] === c ? " (canonical)" : " (copy)",
          " \u2014 " + plural((s[1].repairs || []).length, "repair")]));
        var filled = false;
        det.addEventListener("toggle", function () {
          if (filled || !det.open) return;
          filled = true;
          add(det, repairsView(s[0], s[1], s[2]));
        });
        if (k === 0) det.open = true;
        add(reps, det);
      });
      parts.push(reps);
    }
    box.textContent = "";
    add(box, parts);
    markCurrent();
  }

  /* ---------------------------------------------------------------- navigation */

  function go(i, fromKey) {
    history.replaceState(null, "", "#c=" + encodeURIComponent(key(i)));
    show(i);
    if (fromKey) {
      var top = byId("cluster").getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.8) byId("cluster").scrollIntoView();
    }
  }

  function step(delta) {
    if (!view.length) return;
    var pos = Array.prototype.indexOf.call(view, state.current);
    var next = pos < 0 ? state.page * PER_PAGE : Math.max(0, Math.min(view.length - 1, pos + delta));
    var page = Math.floor(next / PER_PAGE);
    if (page !== state.page) { state.page = page; renderList(); }
    go(view[next], true);
  }

  function turn(delta) {
    state.page += delta;
    renderList();
    markCurrent();
  }

  function fromHash() {
    var m = /^#c=(.*)$/.exec(location.hash);
    if (!m) return -1;
    try { return find(decodeURIComponent(m[1])); } catch (e) { return -1; }
  }

  window.addEventListener("hashchange", function () {
    var i = fromHash();
    if (i >= 0) show(i);
  });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    if (e.key === "j") step(1);
    else if (e.key === "k") step(-1);
    else if (e.key === "n") turn(1);
    else if (e.key === "p") turn(-1);
    else if (e.key === "/") byId("q").focus();
    else return;
    e.preventDefault();
  });

  var timer = null;
  byId("q").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      state.terms = byId("q").value.toLowerCase().split(/\s+/).filter(Boolean);
      refilter();
    }, 120);
  });
  byId("filters").addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    state.terms = byId("q").value.toLowerCase().split(/\s+/).filter(Boolean);
    refilter();
    if (view.length) go(view[0], true);
  });
  ["rel", "spun", "sort"].forEach(function (name) {
    byId(name).addEventListener("change", function () {
      state[name] = byId(name).value;
      refilter();
    });
  });
  byId("prev").addEventListener("click", function () { turn(-1); });
  byId("next").addEventListener("click", function () { turn(1); });

  /* ---------------------------------------------------------------- start */

  ["rel", "spun", "sort"].forEach(function (name) { state[name] = byId(name).value; });
  state.terms = byId("q").value.toLowerCase().split(/\s+/).filter(Boolean);
  refilter();
  renderTops();
  var first = fromHash();
  if (first < 0 && view.length) first = view[0];
  if (first >= 0) show(first);
  document.documentElement.setAttribute("data-ready", "1");
})();
