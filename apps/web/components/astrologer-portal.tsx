'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, fieldErrors, isApiError, logout, type ApiError } from '../lib/api';
import { paiseFromRupees, rupeesInput } from '../lib/format';
import { updateSessionUser, type AstrologerStatus, type Session } from '../lib/session';
import { useSpecialtyName } from '../lib/i18n';
import type { AstrologerProfile, Page, Specialty } from '../lib/types';
import { Avatar } from './astrologer-card';
import { AvailabilityEditor } from './availability-editor';
import { CityAutocomplete } from './city-autocomplete';
import { ErrorAlert, Notice } from './error-alert';
import { CallIcon, ChatIcon, VideoIcon } from './icons';
import { PhotoUpload, PracticePanel } from './portal-practice';
import { PortalNav } from './astrologer-work';
import { PageLoading } from './sign-in-prompt';

interface FormState {
  displayName: string;
  bio: string;
  languages: string;
  experienceYears: string;
  gender: string;
  city: string;
  specialties: string[];
  priceChat: string;
  priceCall: string;
  priceVideo: string;
  offersInPerson: boolean;
  lat: number | null;
  lon: number | null;
}

const FIELDS = ['displayName', 'bio', 'languages', 'experienceYears', 'gender', 'city', 'specialties', 'priceChatPaise', 'priceCallPaise', 'priceVideoPaise', 'offersInPerson', 'lat', 'lon'] as const;

function toForm(p: AstrologerProfile): FormState {
  return {
    displayName: p.displayName ?? '',
    bio: p.bio ?? '',
    languages: (p.languages ?? []).join(', '),
    experienceYears: p.experienceYears === null || p.experienceYears === undefined ? '' : String(p.experienceYears),
    gender: p.gender ?? '',
    city: p.city ?? '',
    specialties: [...(p.specialties ?? [])],
    priceChat: p.priceChatPaise ? rupeesInput(p.priceChatPaise) : '',
    priceCall: p.priceCallPaise ? rupeesInput(p.priceCallPaise) : '',
    priceVideo: p.priceVideoPaise ? rupeesInput(p.priceVideoPaise) : '',
    offersInPerson: !!p.offersInPerson,
    lat: p.lat ?? null,
    lon: p.lon ?? null,
  };
}

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

type Body = Record<string, string | number | boolean | string[] | null>;

/** The form in the API's shape; prices typed in rupees become paise, and a blank price (0) means "not offered". Errors are message keys. */
function toBody(f: FormState): { body: Body; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const body: Body = {
    bio: f.bio.trim(),
    languages: splitList(f.languages),
    gender: f.gender || null,
    city: f.city.trim() || null,
    specialties: f.specialties,
    offersInPerson: f.offersInPerson,
    lat: f.lat,
    lon: f.lon,
  };
  if (f.offersInPerson && (f.lat === null || f.lon === null)) {
    errors.city = 'cityPick';
  }
  if (f.displayName.trim()) body.displayName = f.displayName.trim();
  else errors.displayName = 'nameRequired';
  const years = f.experienceYears.trim();
  if (/^\d{1,2}$/.test(years)) body.experienceYears = Number(years);
  else if (years) errors.experienceYears = 'years';
  for (const [field, key] of [
    ['priceChat', 'priceChatPaise'],
    ['priceCall', 'priceCallPaise'],
    ['priceVideo', 'priceVideoPaise'],
  ] as const) {
    const paise = paiseFromRupees(f[field]);
    if (Number.isNaN(paise)) errors[key] = 'price';
    else body[key] = paise ?? 0;
  }
  return { body, errors };
}

function diff(before: Body, after: Body): Body {
  const out: Body = {};
  for (const [k, v] of Object.entries(after)) {
    if (JSON.stringify(v) !== JSON.stringify(before[k])) out[k] = v;
  }
  // The API takes the coordinates only as a pair.
  if ('lat' in out || 'lon' in out) {
    out.lat = after.lat ?? null;
    out.lon = after.lon ?? null;
  }
  return out;
}

function StatusPanel({ status }: { status: AstrologerStatus | undefined }) {
  const t = useTranslations('portal');
  if (status === 'approved') {
    return (
      <div className="status-panel status-panel--approved" role="status">
        <h2 className="h3">{t('live')}</h2>
        <p>{t('liveHint')}</p>
        <p><Link href="/astrologer/reviews">{t('reviewsLink')}</Link></p>
      </div>
    );
  }
  if (status === 'suspended') {
    return (
      <div className="status-panel status-panel--suspended" role="status">
        <h2 className="h3">{t('suspended')}</h2>
        <p>{t('suspendedHint')}</p>
      </div>
    );
  }
  return (
    <div className="status-panel status-panel--pending" role="status">
      <h2 className="h3">{t('pending')}</h2>
      <p>{t('pendingHint')}</p>
    </div>
  );
}

export function AstrologerPortal({ session }: { session: Session }) {
  const ids = useId();
  const t = useTranslations('portal');
  const tc = useTranslations('common');
  const specialtyName = useSpecialtyName();
  const fieldLabels = Object.fromEntries(FIELDS.map((f) => [f, t(`fields.${f}`)]));
  const [profile, setProfile] = useState<AstrologerProfile | null>(null);
  const [form, setForm] = useState<FormState | null>(null);
  const [specialties, setSpecialties] = useState<Specialty[]>([]);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const [p, s] = await Promise.all([
        api<AstrologerProfile>('/api/astrologer/profile', { auth: 'astrologer' }),
        api<Page<Specialty>>('/api/user/specialties').catch(() => ({ items: [] as Specialty[] })),
      ]);
      setProfile(p);
      setForm(toForm(p));
      setSpecialties(s.items);
      if (p.status) updateSessionUser('astrologer', { status: p.status });
    } catch (err) {
      if (!isApiError(err)) throw err;
      setLoadError(err);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const status = profile?.status ?? session.user.status;
  const name = form?.displayName || session.user.name || t('astrologer');
  const id = (k: string) => `${ids}-${k}`;

  const update = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    setSaved(false);
  };

  async function onSave(e: FormEvent) {
    e.preventDefault();
    if (!form || !profile) return;
    setSaveError(null);
    setSaved(false);
    const { body, errors } = toBody(form);
    setLocalErrors(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t(`errors.${v as 'price'}`)])));
    const firstInvalid = Object.keys(errors)[0];
    if (firstInvalid) {
      document.getElementById(`${ids}-${firstInvalid.replace(/Paise$/, '')}`)?.focus();
      return;
    }
    const changed = diff(toBody(toForm(profile)).body, body);
    if (!Object.keys(changed).length) {
      setSaved(true);
      return;
    }
    setSaving(true);
    try {
      const updated = await api<AstrologerProfile>('/api/astrologer/profile', { method: 'PUT', auth: 'astrologer', body: changed });
      setProfile(updated);
      setForm(toForm(updated));
      setSaved(true);
      updateSessionUser('astrologer', { name: updated.displayName, status: updated.status });
    } catch (err) {
      if (!isApiError(err)) throw err;
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  }

  const errors = { ...fieldErrors(saveError), ...localErrors };
  const err = (k: string) => (errors[k] ? <p className="field__error">{errors[k]}</p> : null);
  const known = new Set(specialties.map((s) => s.slug));
  const unknownSelected = (form?.specialties ?? []).filter((s) => !known.has(s));

  return (
    <section className="container narrow stack-lg">
      <div className="profile-head panel">
        <div className="profile-head__photo">
          <Avatar id={session.user.id} name={name} photoUrl={profile?.photoUrl} size={72} />
          {profile && <PhotoUpload hasPhoto={!!profile.photoUrl} onUploaded={(photoUrl) => setProfile((p) => (p ? { ...p, photoUrl } : p))} />}
        </div>
        <div className="profile-head__text">
          <p className="eyebrow">{t('eyebrow')}</p>
          <h1 className="h2">{name}</h1>
          <p className="muted">{profile?.phone ?? ''}</p>
        </div>
        <button type="button" className="btn btn--ghost btn--sm profile-head__logout" onClick={() => void logout('astrologer')}>
          {t('logout')}
        </button>
      </div>

      <PortalNav />

      <StatusPanel status={status} />

      {profile && <PracticePanel astrologerId={profile.id} status={status} />}

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
            <legend className="form-section__title">{t('publicProfile')}</legend>
            <div className="form-grid">
              <div className={`field form-grid__wide${errors.displayName ? ' field--invalid' : ''}`}>
                <label htmlFor={id('displayName')}>{t('fields.displayName')}</label>
                <input id={id('displayName')} className="input" maxLength={80} value={form.displayName} onChange={(e) => update('displayName', e.target.value)} />
                {err('displayName')}
              </div>
              <div className={`field form-grid__wide${errors.bio ? ' field--invalid' : ''}`}>
                <label htmlFor={id('bio')}>{t('fields.bio')}</label>
                <textarea
                  id={id('bio')}
                  className="input textarea"
                  rows={4}
                  maxLength={2000}
                  placeholder={t('bioPlaceholder')}
                  value={form.bio}
                  onChange={(e) => update('bio', e.target.value)}
                />
                {err('bio')}
              </div>
              <div className={`field${errors.languages ? ' field--invalid' : ''}`}>
                <label htmlFor={id('languages')}>{t('fields.languages')}</label>
                <input id={id('languages')} className="input" placeholder={t('languagesPlaceholder')} value={form.languages} onChange={(e) => update('languages', e.target.value)} />
                {err('languages') ?? <p className="hint">{t('commas')}</p>}
              </div>
              <div className={`field${errors.experienceYears ? ' field--invalid' : ''}`}>
                <label htmlFor={id('experienceYears')}>{t('experienceYears')}</label>
                <input id={id('experienceYears')} className="input" inputMode="numeric" value={form.experienceYears} onChange={(e) => update('experienceYears', e.target.value)} />
                {err('experienceYears')}
              </div>
              <div className={`field${errors.gender ? ' field--invalid' : ''}`}>
                <label htmlFor={id('gender')}>{t('fields.gender')}</label>
                <select id={id('gender')} className="input" value={form.gender} onChange={(e) => update('gender', e.target.value)}>
                  <option value="">{t('genderNone')}</option>
                  <option value="female">{t('female')}</option>
                  <option value="male">{t('male')}</option>
                  <option value="other">{t('other')}</option>
                </select>
                {err('gender')}
              </div>
            </div>
          </fieldset>

          <fieldset className="panel form-section">
            <legend className="form-section__title">{t('where')}</legend>
            <p className="muted small form-section__lead">{t('whereHint')}</p>
            <div className="form-grid">
              <div className={`field${errors.city || errors.lat || errors.lon ? ' field--invalid' : ''}`}>
                <label htmlFor={id('city')}>{t('fields.city')}</label>
                <CityAutocomplete
                  id={id('city')}
                  value={form.city}
                  display={(c) => c.name}
                  invalid={!!(errors.city || errors.lat || errors.lon)}
                  describedBy={id('city-hint')}
                  onText={(text) => update('city', text)}
                  onPick={(c) => setForm((f) => (f ? { ...f, lat: c ? Math.round(c.lat * 100) / 100 : null, lon: c ? Math.round(c.lon * 100) / 100 : null } : f))}
                />
                {err('city') ?? err('lat') ?? err('lon') ?? (
                  <p className="hint" id={id('city-hint')}>
                    {form.lat !== null && form.lon !== null ? t('onMap', { lat: form.lat.toFixed(2), lon: form.lon.toFixed(2) }) : t('chooseCity')}
                  </p>
                )}
              </div>
              <div className="field field--check">
                <label className={`chip${form.offersInPerson ? ' chip--on' : ''}`}>
                  <input type="checkbox" checked={form.offersInPerson} onChange={(e) => update('offersInPerson', e.target.checked)} />
                  {t('inPerson')}
                </label>
                <p className="hint">{t('inPersonHint')}</p>
              </div>
            </div>
          </fieldset>

          <fieldset className="panel form-section">
            <legend className="form-section__title">{t('fields.specialties')}</legend>
            <p className="muted small form-section__lead">{t('specialtiesHint')}</p>
            {specialties.length === 0 && unknownSelected.length === 0 ? (
              <p className="muted small">{t('specialtiesError')}</p>
            ) : (
              <div className="chips">
                {[...specialties, ...unknownSelected.map((slug) => ({ slug, name: slug }))].map((s) => {
                  const checked = form.specialties.includes(s.slug);
                  return (
                    <label key={s.slug} className={`chip${checked ? ' chip--on' : ''}`}>
                      <input
                        type="checkbox"
                        checked={checked}
                        onChange={(e) =>
                          update('specialties', e.target.checked ? [...form.specialties, s.slug] : form.specialties.filter((x) => x !== s.slug))
                        }
                      />
                      {specialtyName(s)}
                    </label>
                  );
                })}
              </div>
            )}
            {err('specialties')}
          </fieldset>

          <fieldset className="panel form-section">
            <legend className="form-section__title">{t('prices')}</legend>
            <p className="muted small form-section__lead">{t('pricesHint')}</p>
            <div className="form-grid form-grid--3">
              {(
                [
                  ['priceChat', 'priceChatPaise', t('priceChat'), <ChatIcon key="i" />],
                  ['priceCall', 'priceCallPaise', t('priceCall'), <CallIcon key="i" />],
                  ['priceVideo', 'priceVideoPaise', t('priceVideo'), <VideoIcon key="i" />],
                ] as const
              ).map(([field, apiKey, label, icon]) => (
                <div key={field} className={`field${errors[apiKey] ? ' field--invalid' : ''}`}>
                  <label htmlFor={id(field)}>{label}</label>
                  <div className="money-input">
                    <span className="money-input__icon">{icon}</span>
                    <span className="money-input__symbol" aria-hidden>
                      ₹
                    </span>
                    <input id={id(field)} className="input" inputMode="decimal" value={form[field]} onChange={(e) => update(field, e.target.value)} />
                  </div>
                  {err(apiKey)}
                </div>
              ))}
            </div>
          </fieldset>

          {saveError && <ErrorAlert error={saveError} title={t('saveError')} fieldLabels={fieldLabels} />}
          {saved && <Notice tone="success">{t('saved')}</Notice>}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={saving}>
              {saving ? t('saving') : t('save')}
            </button>
          </div>
        </form>
      )}

      {form && <AvailabilityEditor />}
    </section>
  );
}
