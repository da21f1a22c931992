import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import en from '../messages/en.json';
import hi from '../messages/hi.json';
import { isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from './config';

const MESSAGES: Record<Locale, typeof en> = { en, hi };

// No locale in the URL ("without i18n routing"): the language switch's cookie, else the browser's languages.
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : localeFromAcceptLanguage((await headers()).get('accept-language'));
  return { locale, messages: MESSAGES[locale], timeZone: 'Asia/Kolkata' };
});
