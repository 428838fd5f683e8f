/*
 * Split a search query into the words of the search index.
 *
 * Sphinx indexes Chinese text with jieba's words ("学习", "参数"), but the
 * search page splits a query only at spaces and punctuation, so "学习率" or
 * "注册参数" is looked up as one unknown term and finds nothing. This script,
 * loaded on the search page after Sphinx's searchtools.js, splits every run
 * of Han characters into terms of the index itself: the split that leaves
 * the fewest characters outside any term, then uses the fewest terms.
 * Characters no term covers (single characters are not indexed) are left
 * out, since they could only make the query find nothing.
 *
 * Sphinx scores a page by the best of its matching words alone; among the
 * many pages that share a common word, a page whose title is made of the
 * query's words is the one the reader is after, so such a page is raised.
 */
"use strict";

(() => {
  const HAN_RUN = /(\p{Script=Han}+)/u;
  const LONGEST_TERM = 8;
  const TITLE_WORD_BONUS = 5;
  const TITLE_COVERAGE_BONUS = 10;
  const sphinxSplitQuery = splitQuery;
  const sphinxScore = Scorer.score ?? ((result) => result[4]);
  let vocabulary = null;
  let queryWords = [];

  // An incremental build keeps a word that has left every page, with an
  // empty list of pages: such a word would take the query's characters and
  // find nothing.
  const wordsOnPages = (terms) =>
    Object.entries(terms)
      .filter(([, pages]) => [].concat(pages).length > 0)
      .map(([word]) => word);

  const indexTerms = () => {
    vocabulary ??= new Set([
      ...wordsOnPages(Search._index.terms),
      ...wordsOnPages(Search._index.titleterms),
    ]);
    return vocabulary;
  };

  // best[end] is the best split of the first `end` characters of the run:
  // [characters left out, terms used, the terms].
  const segment = (run) => {
    const characters = Array.from(run);
    const terms = indexTerms();
    const best = [[0, 0, []]];
    for (let end = 1; end <= characters.length; end++) {
      for (let start = Math.max(0, end - LONGEST_TERM); start < end; start++) {
        const word = characters.slice(start, end).join("");
        const known = terms.has(word);
        if (!known && end - start > 1) continue;
        const [missed, used, words] = best[start];
        const candidate = known
          ? [missed, used + 1, [...words, word]]
          : [missed + 1, used, words];
        const current = best[end];
        if (
          current === undefined ||
          candidate[0] < current[0] ||
          (candidate[0] === current[0] && candidate[1] < current[1])
        )
          best[end] = candidate;
      }
    }
    return best[characters.length][2];
  };

  splitQuery = (query) => {
    const words = sphinxSplitQuery(query).flatMap((token) =>
      token
        .split(HAN_RUN)
        .filter((part) => part)
        .flatMap((part) => (HAN_RUN.test(part) ? segment(part) : [part])),
    );
    queryWords = words.map((word) => word.toLowerCase());
    return words;
  };

  Scorer.score = (result) => {
    const title = String(result[1]).toLowerCase();
    const inTitle = queryWords.filter((word) => title.includes(word));
    const covered = inTitle.reduce((length, word) => length + word.length, 0);
    const coverage = title ? Math.min(covered, title.length) / title.length : 0;
    return (
      sphinxScore(result) +
      TITLE_WORD_BONUS * inTitle.length +
      Math.round(TITLE_COVERAGE_BONUS * coverage)
    );
  };
})();
