/**
 * Managing moderator accounts over HTTP, for admins only (anyone else gets 403): list, add, change role,
 * sites or disabled, set a password, issue a personal API token (shown once), list tokens and revoke one or
 * all, and read the log of these changes. The same use cases as `npm run moderators`
 * (src/moderators/manage-moderators.ts); each change is logged with the admin who made it.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { moderatorSummary } from '../../models/moderator.ts';
import { NotFoundError, ServiceError, ValidationError } from '../errors.ts';
import { ModeratorChangeRequest, NewModeratorRequest, NewTokenRequest, PasswordRequest } from '../contract/moderators.ts';
import { fieldMessages } from '../contract/read-fields.ts';
import { requestPrincipal, requireAdmin, requireModerator, type ModeratorGuardDeps } from '../http/moderator-auth.ts';
import { moderatorParam, pageRequest, sinceParam } from '../http/pagination.ts';
import {
  addModerator,
  ApiTokenNotFoundError,
  changeModerator,
  findModerator,
  issueApiToken,
  listApiTokens,
  revokeApiToken,
  revokeApiTokens,
  setPassword,
  type AccountActor,
} from '../moderators/manage-moderators.ts';
import { ModeratorInputError, ModeratorNameTakenError, ModeratorNotFoundError, type ModeratorStore } from '../store/moderator-store.ts';
import type { z } from 'zod';

export interface ModeratorsRouteDeps extends ModeratorGuardDeps {
  moderators: ModeratorStore;
}

export const MODERATORS_PATH = '/api/v1/moderators';

/** The account use cases speak of names and inputs; the API answers in its own codes. */
function asServiceError(err: unknown): unknown {
  if (err instanceof ApiTokenNotFoundError) return new NotFoundError('Token');
  if (err instanceof ModeratorNotFoundError) return new NotFoundError('Moderator');
  if (err instanceof ModeratorNameTakenError) return new ServiceError('moderator_exists', `A moderator named that already exists`);
  if (err instanceof ModeratorInputError) return new ValidationError({ [err.field ?? 'body']: err.message });
  return err;
}

async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asServiceError(err);
  }
}

const parseJson = express.json({ limit: '8kb' });

/** JSON bodies only: a cross-site form can't send one without a preflight. */
const jsonBody: RequestHandler[] = [
  (req, _res, next) => {
    if (req.is('application/json')) return next();
    next(new ServiceError('unsupported_media_type', 'Send a JSON body (Content-Type: application/json)'));
  },
  parseJson,
];

/** The account a route's `:id` names. */
const target = (req: Request) => ({ id: String(req.params.id) });

/** Who the log of account changes records: the admin's id (MODERATOR_TOKEN as `moderator`) and name. */
function actor(res: Response): AccountActor {
  const p = requestPrincipal(res);
  return { actor: p.via === 'bootstrap-token' ? 'moderator' : p.id, actorName: p.name };
}

function parsed<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new ValidationError(fieldMessages(result.error));
  return result.data;
}

export function moderatorsRouter(deps: ModeratorsRouteDeps): Router {
  const router = Router();
  const store = deps.moderators;
  router.use(MODERATORS_PATH, requireModerator(deps), requireAdmin);
  const noStore: RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
  router.use(MODERATORS_PATH, noStore);

  router.get(MODERATORS_PATH, async (_req, res) => {
    res.json({ moderators: (await store.list()).map(moderatorSummary) });
  });

  router.post(MODERATORS_PATH, ...jsonBody, async (req, res) => {
    const input = parsed(NewModeratorRequest, req.body);
    const m = await answering(() => addModerator(store, { name: input.name, role: input.role, sites: input.sites ?? [], password: input.password }, actor(res)));
    res.status(201).location(`${MODERATORS_PATH}/${m.id}`).json(moderatorSummary(m));
  });

  // Before `/:id`, which would otherwise take `changes` for an account id.
  router.get(`${MODERATORS_PATH}/changes`, async (req, res) => {
    const sinceMs = sinceParam(req);
    const moderator = moderatorParam(req);
    // A name or an id; an unknown name has no changes.
    const moderatorId = moderator ? (moderator.startsWith('mod_') ? moderator : ((await store.getByName(moderator))?.id ?? `unknown:${moderator}`)) : undefined;
    res.json(await store.listChanges({ moderatorId, sinceMs }, pageRequest(req)));
  });

  router.get(`${MODERATORS_PATH}/:id`, async (req, res) => {
    res.json(moderatorSummary(await answering(() => findModerator(store, target(req)))));
  });

  router.patch(`${MODERATORS_PATH}/:id`, ...jsonBody, async (req, res) => {
    const changes = parsed(ModeratorChangeRequest, req.body);
    // An admin can't lock themselves out of the account they are using.
    if (target(req).id === requestPrincipal(res).id && (changes.disabled === true || changes.role === 'moderator')) {
      throw new ValidationError({ [changes.disabled === true ? 'disabled' : 'role']: 'You can\'t disable or demote your own account' });
    }
    res.json(moderatorSummary(await answering(() => changeModerator(store, target(req), changes, actor(res)))));
  });

  router.post(`${MODERATORS_PATH}/:id/password`, ...jsonBody, async (req, res) => {
    const { password } = parsed(PasswordRequest, req.body);
    res.json(moderatorSummary(await answering(() => setPassword(store, target(req), password, actor(res)))));
  });

  router.get(`${MODERATORS_PATH}/:id/tokens`, async (req, res) => {
    res.json({ tokens: (await answering(() => listApiTokens(store, target(req)))).tokens });
  });

  // The body is optional (a label); without one the request is as it always was.
  router.post(`${MODERATORS_PATH}/:id/tokens`, parseJson, async (req, res) => {
    const { label } = req.is('application/json') ? parsed(NewTokenRequest, req.body) : { label: undefined };
    const { token, id } = await answering(() => issueApiToken(store, target(req), { label, by: actor(res) }));
    res.status(201).json({ token, id });
  });

  router.delete(`${MODERATORS_PATH}/:id/tokens`, async (req, res) => {
    res.json({ revoked: await answering(() => revokeApiTokens(store, target(req), actor(res))) });
  });

  router.delete(`${MODERATORS_PATH}/:id/tokens/:tokenId`, async (req, res) => {
    await answering(() => revokeApiToken(store, target(req), String(req.params.tokenId), actor(res)));
    res.json({ revoked: 1 });
  });

  return router;
}
