import { intlTag } from '../i18n/config';

/**
 * The Intl tag of the page's language for helpers called outside React ("en-IN" or "hi-IN"): the root layout writes
 * it into <html lang>. On the server it is English; the helpers that use it format data fetched in the browser.
 */
export function pageIntlTag(): string {
  if (typeof document === 'undefined') return 'en-IN';
  return document.documentElement.lang || 'en-IN';
}

export const isHindiPage = (): boolean => pageIntlTag().startsWith('hi');

export { intlTag };
