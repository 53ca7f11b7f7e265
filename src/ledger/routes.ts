import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal, type Services } from '../http/context.ts';
import { errors } from '../http/errors.ts';
import { consistencyProof, inclusionProof } from './proofs.ts';
import { currentCheckpoint, issueTreeHead, latestTreeHead, presentTreeHead } from './tree-heads.ts';

const treeHeadSchema = z.object({
  treeSize: z.number(),
  rootHash: z.string().describe('hex SHA-256 Merkle root (RFC 9162)'),
  timestamp: z.number().describe('milliseconds since 1970-01-01 UTC'),
  issuedAt: z.string(),
  signature: z.string().describe('base64 Ed25519 signature over the serialised tree head'),
  publicKey: z.string().describe('base64 raw Ed25519 public key'),
});

const count = z.coerce.number().int().min(0);

export function ledgerRoutes(services: Services): FastifyPluginAsync {
  const { db, keys } = services;
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/ledger/tree-head',
      {
        schema: {
          summary: 'The latest signed tree head of the audit ledger (public)',
          tags: ['ledger'],
          response: { 200: treeHeadSchema },
        },
      },
      async () => presentTreeHead((await latestTreeHead(db)) ?? (await issueTreeHead(db, keys))),
    );

    app.post(
      '/api/ledger/tree-heads',
      {
        schema: {
          summary: 'Issue a signed tree head now (signed-in users)',
          tags: ['ledger'],
          response: { 200: treeHeadSchema },
        },
      },
      async (request) => {
        requirePrincipal(request);
        return presentTreeHead(await issueTreeHead(db, keys));
      },
    );

    app.get(
      '/api/ledger/public-key',
      {
        schema: {
          summary: 'The Ed25519 key that signs tree heads (public)',
          tags: ['ledger'],
          response: {
            200: z.object({
              algorithm: z.literal('Ed25519'),
              publicKey: z.string(),
              pem: z.string(),
              origin: z.string().describe('the checkpoint origin line'),
              verifierKey: z.string().describe('C2SP signed-note verifier key of the checkpoints'),
              previousKeys: z.array(z.string()).describe('earlier signing keys, base64 raw Ed25519'),
            }),
          },
        },
      },
      async () => ({
        algorithm: 'Ed25519' as const,
        publicKey: keys.publicKeyBase64,
        pem: keys.publicKeyPem,
        origin: keys.origin,
        verifierKey: keys.verifierKey,
        previousKeys: keys.previousKeysBase64,
      }),
    );

    app.get(
      '/api/ledger/checkpoint',
      {
        schema: {
          summary: 'The latest checkpoint, a C2SP tlog-checkpoint signed note (public, text/plain)',
          tags: ['ledger'],
        },
      },
      async (_request, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(await currentCheckpoint(db, keys)),
    );

    app.get(
      '/api/ledger/proofs/inclusion',
      {
        schema: {
          summary: 'Inclusion proof of an entry in a tree (RFC 9162 2.1.3, public)',
          tags: ['ledger'],
          querystring: z.object({ seq: count, treeSize: count.optional() }),
          response: {
            200: z.object({
              leafIndex: z.number(),
              treeSize: z.number(),
              leafHash: z.string(),
              auditPath: z.array(z.string()),
            }),
          },
        },
      },
      async (request) => inclusionProof(db, request.query.seq, request.query.treeSize),
    );

    app.get(
      '/api/ledger/proofs/consistency',
      {
        schema: {
          summary: 'Consistency proof between two tree sizes (RFC 9162 2.1.4, public)',
          tags: ['ledger'],
          querystring: z.object({ first: count, second: count }),
          response: {
            200: z.object({ first: z.number(), second: z.number(), consistencyPath: z.array(z.string()) }),
          },
        },
      },
      async (request) => consistencyProof(db, request.query.first, request.query.second),
    );

    app.get(
      '/api/ledger/entries/:seq',
      {
        schema: {
          summary: "An entry of your force's ledger (signed in)",
          tags: ['ledger'],
          params: z.object({ seq: count }),
          response: {
            200: z.object({
              seq: z.number(),
              at: z.string(),
              forceId: z.number().nullable(),
              actorId: z.string().nullable(),
              action: z.string(),
              subjectType: z.string(),
              subjectId: z.string(),
              payload: z.unknown(),
              prevHash: z.string(),
              entryHash: z.string(),
            }),
          },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const row = await db
          .selectFrom('ledger_entries')
          .selectAll()
          .where('seq', '=', request.params.seq)
          .executeTakeFirst();
        if (!row || (row.force_id !== null && row.force_id !== p.forceId)) {
          throw errors.notFound(`Ledger entry ${request.params.seq} in ${p.forceName}`);
        }
        return {
          seq: Number(row.seq),
          at: row.at.toISOString(),
          forceId: row.force_id,
          actorId: row.actor_id,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          payload: row.payload,
          prevHash: row.prev_hash.toString('hex'),
          entryHash: row.entry_hash.toString('hex'),
        };
      },
    );
  };
}
