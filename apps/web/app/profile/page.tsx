'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { Avatar } from '../../components/astrologer-card';
import { ErrorAlert, Notice } from '../../components/error-alert';
import { PageLoading, SignInPrompt } from '../../components/sign-in-prompt';
import { api, fieldErrors, isApiError, logout, type ApiError } from '../../lib/api';
import { isAdmin, updateSessionUser, useHydrated, useSession } from '../../lib/session';
import type { CustomerProfile } from '../../lib/types';

type FormState = Record<
  'name' | 'email' | 'gender' | 'language' | 'birthDate' | 'birthTime' | 'birthPlace' | 'birthLat' | 'birthLon' | 'birthTz',
  string
>;
type Editable = keyof FormState;

// The API stores a language code ("hi", "en-IN").
const LANGUAGES: [code: string, name: string][] = [
  ['en', 'English'],
  ['hi', 'Hindi (हिन्दी)'],
  ['bn', 'Bengali (বাংলা)'],
  ['mr', 'Marathi (मराठी)'],
  ['te', 'Telugu (తెలుగు)'],
  ['ta', 'Tamil (தமிழ்)'],
  ['gu', 'Gujarati (ગુજરાતી)'],
  ['kn', 'Kannada (ಕನ್ನಡ)'],
  ['ml', 'Malayalam (മലയാളം)'],
  ['pa', 'Punjabi (ਪੰਜਾਬੀ)'],
  ['or', 'Odia (ଓଡ଼ିଆ)'],
];
const TIME_ZONES = ['Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Dubai', 'Asia/Singapore', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Australia/Sydney'];

const FIELDS = ['name', 'email', 'gender', 'language', 'birthDate', 'birthTime', 'birthPlace', 'birthLat', 'birthLon', 'birthTz'] as const;

function toForm(p: CustomerProfile): FormState {
  const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    name: text(p.name),
    email: text(p.email),
    gender: text(p.gender),
    language: text(p.language),
    birthDate: text(p.birthDate),
    birthTime: text(p.birthTime).slice(0, 5),
    birthPlace: text(p.birthPlace),
    birthLat: text(p.birthLat),
    birthLon: text(p.birthLon),
    birthTz: text(p.birthTz),
  };
}

/** Problems with the form, as message keys (profilePage.errors.*). */
function validate(f: FormState): Record<string, 'name' | 'email' | 'lat' | 'lon' | 'both'> {
  const errors: Record<string, 'name' | 'email' | 'lat' | 'lon' | 'both'> = {};
  if (!f.name.trim()) errors.name = 'name';
  if (f.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) errors.email = 'email';
  const lat = f.birthLat.trim();
  if (lat && !(Number.isFinite(Number(lat)) && Math.abs(Number(lat)) <= 90)) errors.birthLat = 'lat';
  const lon = f.birthLon.trim();
  if (lon && !(Number.isFinite(Number(lon)) && Math.abs(Number(lon)) <= 180)) errors.birthLon = 'lon';
  if (!lat !== !lon) errors[lat ? 'birthLon' : 'birthLat'] = 'both';
  return errors;
}

/** Only what changed goes to the server, in the API's types; blank means "clear". */
function changes(before: FormState, after: FormState): Partial<Record<Editable, string | number | null>> {
  const out: Partial<Record<Editable, string | number | null>> = {};
  for (const key of Object.keys(after) as Editable[]) {
    const value = after[key].trim();
    if (value === before[key].trim()) continue;
    if (!value) out[key] = null;
    else if (key === 'birthLat' || key === 'birthLon') out[key] = Number(value);
    else out[key] = value;
  }
  // The API takes the coordinates only as a pair.
  if ('birthLat' in out || 'birthLon' in out) {
    const num = (v: string) => (v.trim() ? Number(v.trim()) : null);
    out.birthLat = num(after.birthLat);
    out.birthLon = num(after.birthLon);
  }
  return out;
}

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="hint">{hint}</p>
      ) : null}
    </div>
  );
}

export default function ProfilePage() {
  const hydrated = useHydrated();
  const session = useSession('customer');
  const router = useRouter();
  const t = useTranslations('profilePage');
  const tc = useTranslations('common');
  const ids = useId();
  const [profile, setProfile] = useState<CustomerProfile | null>(null);
  const [form, setForm] = useState<FormState | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const signedIn = !!session;

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const p = await api<CustomerProfile>('/api/user/profile', { auth: 'customer' });
      setProfile(p);
      setForm(toForm(p));
    } catch (err) {
      if (!isApiError(err)) throw err;
      setLoadError(err);
    }
  }, []);

  useEffect(() => {
    if (signedIn) void load();
  }, [signedIn, load]);

  if (!hydrated) return <section className="container narrow"><PageLoading /></section>;
  if (!session) {
    return (
      <section className="container narrow">
        <SignInPrompt title={t('title')} text={t('signIn')} next="/profile" />
      </section>
    );
  }

  const set = (key: Editable) => (e: { target: { value: string } }) => {
    setForm((f) => (f ? { ...f, [key]: e.target.value } : f));
    setSaved(false);
  };

  async function onSave(e: FormEvent) {
    e.preventDefault();
    if (!form || !profile) return;
    setSaveError(null);
    setSaved(false);
    const errors = validate(form);
    setLocalErrors(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t(`errors.${v}`)])));
    const firstInvalid = Object.keys(errors)[0];
    if (firstInvalid) {
      document.getElementById(`${ids}-${firstInvalid}`)?.focus();
      return;
    }
    const body = changes(toForm(profile), form);
    if (!Object.keys(body).length) {
      setSaved(true);
      return;
    }
    setSaving(true);
    try {
      const updated = await api<CustomerProfile>('/api/user/profile', { method: 'PUT', auth: 'customer', body });
      setProfile(updated);
      setForm(toForm(updated));
      setSaved(true);
      updateSessionUser('customer', { name: updated.name });
    } catch (err) {
      if (!isApiError(err)) throw err;
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  }

  async function onLogout() {
    await logout('customer');
    router.push('/');
  }

  const errors = { ...fieldErrors(saveError), ...localErrors };
  const id = (k: string) => `${ids}-${k}`;
  const describedBy = (k: string) => (errors[k] ? `${id(k)}-error` : undefined);

  return (
    <section className="container narrow stack-lg">
      <div className="profile-head panel">
        <Avatar id={session.user.id} name={form?.name || session.user.name || t('you')} size={72} />
        <div className="profile-head__text">
          <h1 className="h2">{profile?.name || session.user.name || t('title')}</h1>
          <p className="muted">{profile?.phone ?? ''}</p>
          {isAdmin(session) && <span className="badge badge--maroon">{t('admin')}</span>}
        </div>
        <button type="button" className="btn btn--ghost btn--sm profile-head__logout" onClick={() => void onLogout()}>
          {t('logout')}
        </button>
      </div>

      {loadError && (
        <ErrorAlert error={loadError} title={t('loadError')}>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            {tc('retry')}
          </button>
        </ErrorAlert>
      )}
      {!form && !loadError && <PageLoading label={t('loading')} />}

      {form && (
        <form className="stack-lg" onSubmit={onSave} noValidate>
          <fieldset className="panel form-section">
            <legend className="form-section__title">{t('personal')}</legend>
            <div className="form-grid">
              <Field id={id('name')} label={t('fields.name')} error={errors.name}>
                <input id={id('name')} className="input" autoComplete="name" maxLength={100} value={form.name} onChange={set('name')} aria-describedby={describedBy('name')} />
              </Field>
              <Field id={id('email')} label={t('fields.email')} error={errors.email}>
                <input id={id('email')} className="input" type="email" autoComplete="email" value={form.email} onChange={set('email')} aria-describedby={describedBy('email')} />
              </Field>
              <Field id={id('gender')} label={t('fields.gender')} error={errors.gender}>
                <select id={id('gender')} className="input" value={form.gender} onChange={set('gender')}>
                  <option value="">{t('genderNone')}</option>
                  <option value="female">{t('female')}</option>
                  <option value="male">{t('male')}</option>
                  <option value="other">{t('other')}</option>
                </select>
              </Field>
              <Field id={id('language')} label={t('fields.language')} error={errors.language}>
                <select id={id('language')} className="input" value={form.language} onChange={set('language')}>
                  <option value="">{t('notSet')}</option>
                  {LANGUAGES.map(([code, label]) => (
                    <option key={code} value={code}>
                      {label}
                    </option>
                  ))}
                  {form.language && !LANGUAGES.some(([code]) => code === form.language) && <option value={form.language}>{form.language}</option>}
                </select>
              </Field>
            </div>
          </fieldset>

          <fieldset className="panel form-section">
            <legend className="form-section__title">{t('birth')}</legend>
            <p className="muted small form-section__lead">{t('birthLead')}</p>
            <div className="form-grid">
              <Field id={id('birthDate')} label={t('fields.birthDate')} error={errors.birthDate}>
                <input id={id('birthDate')} className="input" type="date" value={form.birthDate} onChange={set('birthDate')} aria-describedby={describedBy('birthDate')} />
              </Field>
              <Field id={id('birthTime')} label={t('fields.birthTime')} error={errors.birthTime}>
                <input id={id('birthTime')} className="input" type="time" value={form.birthTime} onChange={set('birthTime')} aria-describedby={describedBy('birthTime')} />
              </Field>
              <div className="form-grid__wide">
                <Field id={id('birthPlace')} label={t('fields.birthPlace')} error={errors.birthPlace} hint={t('placeHint')}>
                  <input id={id('birthPlace')} className="input" maxLength={200} value={form.birthPlace} onChange={set('birthPlace')} aria-describedby={describedBy('birthPlace')} />
                </Field>
              </div>
              <Field id={id('birthLat')} label={t('fields.birthLat')} error={errors.birthLat} hint="e.g. 25.3176">
                <input id={id('birthLat')} className="input" inputMode="decimal" value={form.birthLat} onChange={set('birthLat')} aria-describedby={describedBy('birthLat')} />
              </Field>
              <Field id={id('birthLon')} label={t('fields.birthLon')} error={errors.birthLon} hint="e.g. 82.9739">
                <input id={id('birthLon')} className="input" inputMode="decimal" value={form.birthLon} onChange={set('birthLon')} aria-describedby={describedBy('birthLon')} />
              </Field>
              <div className="form-grid__wide">
                <Field id={id('birthTz')} label={t('fields.birthTz')} error={errors.birthTz} hint={t('tzHint')}>
                  <div className="input-with-action">
                    <input id={id('birthTz')} className="input" list={id('zones')} value={form.birthTz} onChange={set('birthTz')} aria-describedby={describedBy('birthTz')} />
                    <button
                      type="button"
                      className="btn btn--ghost btn--sm"
                      onClick={() => set('birthTz')({ target: { value: Intl.DateTimeFormat().resolvedOptions().timeZone } })}
                    >
                      {t('useMyZone')}
                    </button>
                  </div>
                  <datalist id={id('zones')}>
                    {TIME_ZONES.map((z) => (
                      <option key={z} value={z} />
                    ))}
                  </datalist>
                </Field>
              </div>
            </div>
          </fieldset>

          {saveError && <ErrorAlert error={saveError} title={t('saveError')} fieldLabels={Object.fromEntries(FIELDS.map((f) => [f, t(`fields.${f}`)]))} />}
          {saved && <Notice tone="success">{t('saved')}</Notice>}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={saving}>
              {saving ? t('saving') : t('save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
