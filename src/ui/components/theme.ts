/** The style (colour on/off, plain mode) for every component, from the entry point. */
import { createContext, useContext } from 'react';
import { makeStyle, type Style } from '../../term/style.js';

export const ThemeContext = createContext<Style>(makeStyle({ color: false }));
export const useTheme = () => useContext(ThemeContext);
