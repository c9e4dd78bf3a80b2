/** The lesson list: its cursor and the search filter. */
import type { Handlers } from '../actions.js';
import { listEntries } from '../selectors.js';
import { clamp } from './clamp.js';

export const list: Handlers<'list-move' | 'search-start' | 'search-type' | 'search-backspace' | 'search-end'> = {
  'list-move': (s, a) => {
    const n = listEntries(s).length;
    return { ...s, list: { ...s.list, cursor: n ? clamp(s.list.cursor + a.delta, 0, n - 1) : 0 } };
  },
  // a new search starts empty (typing onto a kept filter read as "BeyondDNS lab")
  'search-start': (s) => ({ ...s, list: { ...s.list, search: '', searching: true } }),
  'search-type': (s, a) => ({ ...s, list: { search: (s.list.search ?? '') + a.text, searching: true, cursor: 0 } }),
  'search-backspace': (s) => ({ ...s, list: { ...s.list, search: (s.list.search ?? '').slice(0, -1), cursor: 0 } }),
  'search-end': (s, a) => ({ ...s, list: { cursor: a.keep ? s.list.cursor : 0, search: a.keep ? s.list.search : null, searching: false } }),
};
