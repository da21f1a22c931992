import { redirect } from 'next/navigation';

/** The search lives on the home page; /astrologers?… is kept as an alias for links and habits. */
export default async function AstrologersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  const qs = params.toString();
  redirect(qs ? `/?${qs}` : '/');
}
