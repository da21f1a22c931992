import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement>;

const base = (props: IconProps): IconProps => ({
  width: 16,
  height: 16,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
  focusable: false,
  ...props,
});

export const ChatIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z" />
  </svg>
);

export const CallIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z" />
  </svg>
);

export const VideoIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="m23 7-7 5 7 5V7z" />
    <rect x="1" y="5" width="15" height="14" rx="2" />
  </svg>
);

export const StarIcon = (p: IconProps) => (
  <svg {...base({ fill: 'currentColor', stroke: 'none', ...p })}>
    <path d="m12 2 3.1 6.3 6.9 1-5 4.9 1.2 6.8L12 17.8 5.8 21l1.2-6.8-5-4.9 6.9-1z" />
  </svg>
);

export const VerifiedIcon = (p: IconProps) => (
  <svg {...base({ stroke: 'none', ...p })}>
    <path
      fill="currentColor"
      d="M12 1.5 14.6 4l3.5-.4.9 3.4 3.1 1.7-1.3 3.3 1.3 3.3-3.1 1.7-.9 3.4-3.5-.4L12 22.5 9.4 20l-3.5.4-.9-3.4-3.1-1.7 1.3-3.3-1.3-3.3L5 7l.9-3.4 3.5.4z"
    />
    <path d="m8 12.2 2.7 2.7L16.2 9.4" stroke="#fff" strokeWidth={2.2} fill="none" />
  </svg>
);

export const LanguageIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M5 8h8M9 5v3m2.5 0c-.8 4-3.4 7-6.5 8.5M7 11c1.2 2 3 3.5 5 4.5" />
    <path d="m13 21 4-9 4 9m-6.8-3h5.6" />
  </svg>
);

export const ExperienceIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <circle cx="12" cy="8" r="5" />
    <path d="m8.2 12 -1.7 9L12 18l5.5 3-1.7-9" />
  </svg>
);

export const ShieldIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z" />
    <path d="m9 12 2 2 4-4" />
  </svg>
);

export const ClockIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </svg>
);

export const RefundIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M3 12a9 9 0 1 0 3-6.7L3 8" />
    <path d="M3 3v5h5" />
    <path d="M12 7v10M9.5 9.5h3.8a1.8 1.8 0 0 1 0 3.5h-2.6a1.8 1.8 0 0 0 0 3.5H15" />
  </svg>
);

export const UserIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21a8 8 0 0 1 16 0" />
  </svg>
);

/** The brand mark: a diya flame inside a sun. */
export const LogoMark = (p: IconProps) => (
  <svg width={36} height={36} viewBox="0 0 48 48" aria-hidden focusable={false} {...p}>
    <circle cx="24" cy="24" r="23" fill="#f6a93b" />
    <circle cx="24" cy="24" r="17" fill="#fff4e0" />
    <g stroke="#e8751a" strokeWidth="2.2" strokeLinecap="round">
      <path d="M24 3.5v4M24 40.5v4M3.5 24h4M40.5 24h4M9.5 9.5l2.8 2.8M35.7 35.7l2.8 2.8M9.5 38.5l2.8-2.8M35.7 12.3l2.8-2.8" />
    </g>
    <path d="M24 12c3.6 4.2 5 7.3 5 9.6a5 5 0 0 1-10 0c0-2.3 1.4-5.4 5-9.6z" fill="#e8751a" />
    <path d="M24 17.5c1.5 1.9 2.1 3.2 2.1 4.3a2.1 2.1 0 0 1-4.2 0c0-1.1.6-2.4 2.1-4.3z" fill="#ffd27a" />
    <path d="M13.5 28.5h21c-1.2 4.8-5.3 7.5-10.5 7.5s-9.3-2.7-10.5-7.5z" fill="#7a1f35" />
  </svg>
);

export const HeartIcon = ({ filled = false, ...p }: IconProps & { filled?: boolean }) => (
  <svg {...base({ fill: filled ? 'currentColor' : 'none', ...p })}>
    <path d="M12 20.5s-7.5-4.6-9.3-9.4C1.5 7.8 3.6 4.5 7 4.5c2 0 3.5 1.1 5 3 1.5-1.9 3-3 5-3 3.4 0 5.5 3.3 4.3 6.6-1.8 4.8-9.3 9.4-9.3 9.4z" />
  </svg>
);

export const MapPinIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M12 21.5s-7-6.2-7-12a7 7 0 0 1 14 0c0 5.8-7 12-7 12z" />
    <circle cx="12" cy="9.5" r="2.5" />
  </svg>
);

export const SearchIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <circle cx="11" cy="11" r="7" />
    <path d="m20.5 20.5-4.2-4.2" />
  </svg>
);

export const FilterIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M4 6h16M7 12h10M10 18h4" />
  </svg>
);

export const CalendarIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <rect x="3.5" y="5" width="17" height="15.5" rx="2" />
    <path d="M3.5 10h17M8 3v4M16 3v4" />
  </svg>
);

export const LocateIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <circle cx="12" cy="12" r="7" />
    <circle cx="12" cy="12" r="2.5" />
    <path d="M12 2v3M12 19v3M2 12h3M19 12h3" />
  </svg>
);

export const ChevronIcon = ({ direction = 'right', ...p }: IconProps & { direction?: 'left' | 'right' | 'down' }) => (
  <svg {...base(p)}>
    <path d={direction === 'left' ? 'm15 5-7 7 7 7' : direction === 'down' ? 'm5 9 7 7 7-7' : 'm9 5 7 7-7 7'} />
  </svg>
);

export const PlusIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M12 5v14M5 12h14" />
  </svg>
);

export const CloseIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="m6 6 12 12M18 6 6 18" />
  </svg>
);

export const WalletIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M19 7V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2v-3" />
    <path d="M21 9h-5a3 3 0 0 0 0 6h5z" />
    <circle cx="16" cy="12" r="0.6" fill="currentColor" />
  </svg>
);

export const DownloadIcon = (p: IconProps) => (
  <svg {...base(p)}>
    <path d="M12 3v12M7 10l5 5 5-5M5 21h14" />
  </svg>
);
