import { parseEnv } from '@ap/core';
import { serviceEnv } from '@ap/platform';

export const loadEnv = () => parseEnv(serviceEnv(3003), process.env);
