'use client';

import Link from 'next/link';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, fieldErrors, isApiError, logout, type ApiError } from '../lib/api';
import { paiseFromRupees, rupeesInput } from '../lib/format';
import { updateSessionUser, type AstrologerStatus, type Session } from '../lib/session';
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

const FIELD_LABELS: Record<string, string> = {
  displayName: 'Display name',
  bio: 'About you',
  languages: 'Languages',
  experienceYears: 'Experience',
  gender: 'Gender',
  city: 'City',
  specialties: 'Specialties',
  priceChatPaise: 'Chat price',
  priceCallPaise: 'Call price',
  priceVideoPaise: 'Video price',
  offersInPerson: 'In-person consultations',
  lat: 'Location',
  lon: 'Location',
};

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

/** The form in the API's shape; prices typed in rupees become paise, and a blank price (0) means "not offered". */
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
    errors.city = 'Pick your city from the suggestions, so customers nearby can find you on the map.';
  }
  if (f.displayName.trim()) body.displayName = f.displayName.trim();
  else errors.displayName = 'Customers need a name to find you.';
  const years = f.experienceYears.trim();
  if (/^\d{1,2}$/.test(years)) body.experienceYears = Number(years);
  else if (years) errors.experienceYears = 'Enter whole years, 0–80.';
  for (const [field, key] of [
    ['priceChat', 'priceChatPaise'],
    ['priceCall', 'priceCallPaise'],
    ['priceVideo', 'priceVideoPaise'],
  ] as const) {
    const paise = paiseFromRupees(f[field]);
    if (Number.isNaN(paise)) errors[key] = 'Enter a price in rupees, e.g. 25 or 25.50.';
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
  if (status === 'approved') {
    return (
      <div className="status-panel status-panel--approved" role="status">
        <h2 className="h3">Your profile is live</h2>
        <p>Customers can find you on Anytime Pooja. Keep your prices and languages up to date.</p>
        <p><Link href="/astrologer/reviews">Read and reply to your reviews</Link></p>
      </div>
    );
  }
  if (status === 'suspended') {
    return (
      <div className="status-panel status-panel--suspended" role="status">
        <h2 className="h3">Your profile is suspended</h2>
        <p>Customers cannot see or contact you right now. Please contact astrologer support to resolve this.</p>
      </div>
    );
  }
  return (
    <div className="status-panel status-panel--pending" role="status">
      <h2 className="h3">Your profile is pending approval</h2>
      <p>Our team reviews new astrologers, usually within 1–2 working days. Complete your profile meanwhile: customers see it as soon as you are approved.</p>
    </div>
  );
}

export function AstrologerPortal({ session }: { session: Session }) {
  const ids = useId();
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
  const name = form?.displayName || session.user.name || 'Astrologer';
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
    setLocalErrors(errors);
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
          <p className="eyebrow">Astrologer portal</p>
          <h1 className="h2">{name}</h1>
          <p className="muted">{profile?.phone ?? ''}</p>
        </div>
        <button type="button" className="btn btn--ghost btn--sm profile-head__logout" onClick={() => void logout('astrologer')}>
          Log out
        </button>
      </div>

      <PortalNav />

      <StatusPanel status={status} />

      {profile && <PracticePanel astrologerId={profile.id} status={status} />}

      {loadError && (
        <ErrorAlert error={loadError} title="We couldn't load your profile.">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => void load()}>
            Try again
          </button>
        </ErrorAlert>
      )}
      {!form && !loadError && <PageLoading label="Loading your profile…" />}

      {form && (
        <form className="stack-lg" onSubmit={onSave} noValidate>
          <fieldset className="panel form-section">
            <legend className="form-section__title">Public profile</legend>
            <div className="form-grid">
              <div className={`field form-grid__wide${errors.displayName ? ' field--invalid' : ''}`}>
                <label htmlFor={id('displayName')}>Display name</label>
                <input id={id('displayName')} className="input" maxLength={80} value={form.displayName} onChange={(e) => update('displayName', e.target.value)} />
                {err('displayName')}
              </div>
              <div className={`field form-grid__wide${errors.bio ? ' field--invalid' : ''}`}>
                <label htmlFor={id('bio')}>About you</label>
                <textarea
                  id={id('bio')}
                  className="input textarea"
                  rows={4}
                  maxLength={2000}
                  placeholder="Your tradition, training and what customers can ask you about."
                  value={form.bio}
                  onChange={(e) => update('bio', e.target.value)}
                />
                {err('bio')}
              </div>
              <div className={`field${errors.languages ? ' field--invalid' : ''}`}>
                <label htmlFor={id('languages')}>Languages</label>
                <input id={id('languages')} className="input" placeholder="Hindi, English" value={form.languages} onChange={(e) => update('languages', e.target.value)} />
                {err('languages') ?? <p className="hint">Separate with commas.</p>}
              </div>
              <div className={`field${errors.experienceYears ? ' field--invalid' : ''}`}>
                <label htmlFor={id('experienceYears')}>Experience (years)</label>
                <input id={id('experienceYears')} className="input" inputMode="numeric" value={form.experienceYears} onChange={(e) => update('experienceYears', e.target.value)} />
                {err('experienceYears')}
              </div>
              <div className={`field${errors.gender ? ' field--invalid' : ''}`}>
                <label htmlFor={id('gender')}>Gender</label>
                <select id={id('gender')} className="input" value={form.gender} onChange={(e) => update('gender', e.target.value)}>
                  <option value="">Prefer not to say</option>
                  <option value="female">Female</option>
                  <option value="male">Male</option>
                  <option value="other">Other</option>
                </select>
                {err('gender')}
              </div>
            </div>
          </fieldset>

          <fieldset className="panel form-section">
            <legend className="form-section__title">Where you consult</legend>
            <p className="muted small form-section__lead">Customers near you find you on the map when you meet in person. Only your city area is shown, never an address.</p>
            <div className="form-grid">
              <div className={`field${errors.city || errors.lat || errors.lon ? ' field--invalid' : ''}`}>
                <label htmlFor={id('city')}>City</label>
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
                    {form.lat !== null && form.lon !== null ? `On the map near ${form.lat.toFixed(2)}, ${form.lon.toFixed(2)}.` : 'Choose from the suggestions to place yourself on the map.'}
                  </p>
                )}
              </div>
              <div className="field field--check">
                <label className={`chip${form.offersInPerson ? ' chip--on' : ''}`}>
                  <input type="checkbox" checked={form.offersInPerson} onChange={(e) => update('offersInPerson', e.target.checked)} />
                  I meet customers in person
                </label>
                <p className="hint">Poojas, kundli readings or consultations at your place of practice.</p>
              </div>
            </div>
          </fieldset>

          <fieldset className="panel form-section">
            <legend className="form-section__title">Specialties</legend>
            <p className="muted small form-section__lead">Choose what you practise. Customers filter by these.</p>
            {specialties.length === 0 && unknownSelected.length === 0 ? (
              <p className="muted small">Specialties could not be loaded right now.</p>
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
                      {s.name}
                    </label>
                  );
                })}
              </div>
            )}
            {err('specialties')}
          </fieldset>

          <fieldset className="panel form-section">
            <legend className="form-section__title">Prices per minute</legend>
            <p className="muted small form-section__lead">In rupees. Most astrologers charge ₹20–40 a minute. Leave a mode blank if you don't offer it.</p>
            <div className="form-grid form-grid--3">
              {(
                [
                  ['priceChat', 'priceChatPaise', 'Chat price (₹/min)', <ChatIcon key="i" />],
                  ['priceCall', 'priceCallPaise', 'Call price (₹/min)', <CallIcon key="i" />],
                  ['priceVideo', 'priceVideoPaise', 'Video price (₹/min)', <VideoIcon key="i" />],
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

          {saveError && <ErrorAlert error={saveError} title="Your changes were not saved." fieldLabels={FIELD_LABELS} />}
          {saved && <Notice tone="success">Profile saved.</Notice>}
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save profile'}
            </button>
          </div>
        </form>
      )}

      {form && <AvailabilityEditor />}
    </section>
  );
}
