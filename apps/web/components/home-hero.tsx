import { ClockIcon, RefundIcon, ShieldIcon } from './icons';

/** The home page banner; compact while a search is showing, so results come sooner on a phone. */
export function HomeHero({ compact = false }: { compact?: boolean }) {
  return (
    <section className={`hero hero--search${compact ? ' hero--compact' : ''}`}>
      <div className="container hero__inner">
        <p className="eyebrow">Vedic · Tarot · Numerology · Vastu</p>
        <h1 className="hero__title">Talk to a trusted astrologer, anytime.</h1>
        {!compact && (
          <>
            <p className="hero__lead">Chat, call or video with verified astrologers. Pay by the minute, only while you are both connected.</p>
            {/* Focusable: on a phone the row scrolls sideways, and keyboard users must be able to scroll it too. */}
            <ul className="trust-points" tabIndex={0} aria-label="Why Anytime Pooja">
              <li>
                <ShieldIcon />
                Verified astrologers
              </li>
              <li>
                <ClockIcon />
                Billed only while connected
              </li>
              <li>
                <RefundIcon />
                Automatic refunds to your wallet
              </li>
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
