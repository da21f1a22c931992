'use client';

import { useParams, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { SessionRoom } from '../../../components/session-room';

function Room() {
  const { id } = useParams<{ id: string }>();
  const role = useSearchParams().get('as') === 'astrologer' ? 'astrologer' : 'customer';
  return <SessionRoom id={id} role={role} />;
}

export default function SessionPage() {
  return (
    <Suspense>
      <Room />
    </Suspense>
  );
}
