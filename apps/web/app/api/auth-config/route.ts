// How browsers sign in, read per request so one build serves any deployment (like ../live-config). With
// AUTH_PROVIDER=supabase, SUPABASE_URL and SUPABASE_ANON_KEY (the project's public anon key, safe to hand to
// browsers) the web app signs people in with Supabase Auth phone OTP (@supabase/supabase-js); otherwise, or when one
// of the two is missing, with our own OTP API (the services accept both kinds of token then).
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

let warned = false;

export function GET(): Response {
  const env = process.env;
  const provider = env['AUTH_PROVIDER']?.trim();
  const supabaseUrl = env['SUPABASE_URL']?.trim().replace(/\/+$/, '') ?? '';
  const supabaseAnonKey = env['SUPABASE_ANON_KEY']?.trim() ?? '';
  const headers = { 'cache-control': 'no-store' };
  if (provider === 'supabase') {
    if (supabaseUrl && supabaseAnonKey) return Response.json({ provider: 'supabase', supabaseUrl, supabaseAnonKey }, { headers });
    if (!warned) {
      warned = true;
      console.error('AUTH_PROVIDER=supabase needs SUPABASE_URL and SUPABASE_ANON_KEY in the web app too; signing in with the local OTP API');
    }
  }
  return Response.json({ provider: 'local' }, { headers });
}
