/** `GET /api/health` and `GET /api/namespaces`, in the shape of the profile served. */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerProfile } from '../app';
import type { MemoryStore } from '../db';

export type HealthOptions = {
  store: MemoryStore;
  profile: ServerProfile;
  /** The cloud profile's health reports it. */
  version: string;
};

export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, { store, profile, version }) => {
  const realLocal = profile === 'real-local';
  app.get('/api/health', async () => (realLocal ? { ok: true } : { ok: true, version, mode: 'local' }));
  app.get('/api/namespaces', async () => (realLocal ? store.namespaceNamesByRecentUse() : store.namespaces()));
};
