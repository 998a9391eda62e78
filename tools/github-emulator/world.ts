/**
 * Everything one emulator serves: one or more repositories (each an EmulatorState with its own
 * history and git store), grouped by owner into organizations and users. The first repository is
 * the primary one: emulator routes without a repository (`/_emulator/seed`, the lenient token's
 * home) and an Actions token without a `repository` of its own belong to it. One repository in,
 * everything answers as the single-repository emulator always did.
 */
import { EmulatorState } from './state.js'
import type { SeedRepository, SeedTeam } from './types.js'

export interface Owner {
  login: string
  isOrganization: boolean
  /** The owner's repositories in load order. */
  repositories: EmulatorState[]
  /** Teams (organizations only): every repository seed's teams of this owner, merged by slug. */
  teams: SeedTeam[]
}

export function fullName(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase()
}

/** The world of one already-built state (for callers that hold a state only). */
export function worldOf(state: EmulatorState): EmulatorWorld {
  return new EmulatorWorld([state])
}

export class EmulatorWorld {
  readonly states: EmulatorState[]
  private readonly byName = new Map<string, EmulatorState>()
  private readonly owners = new Map<string, Owner>()

  /** Seeds become new states; states (already built) are taken as they are. */
  constructor(seeds: (SeedRepository | EmulatorState)[]) {
    if (!seeds.length) throw new Error('the emulator needs at least one repository seed')
    this.states = seeds.map((seed) => (seed instanceof EmulatorState ? seed : new EmulatorState(seed)))
    for (const state of this.states) {
      const key = fullName(state.owner, state.name)
      if (this.byName.has(key))
        throw new Error(
          `two seeds are the same repository ${state.owner}/${state.name}; give them other names`
        )
      this.byName.set(key, state)
      const ownerKey = state.owner.toLowerCase()
      let owner = this.owners.get(ownerKey)
      if (!owner) {
        owner = {
          login: state.owner,
          isOrganization: state.seed.ownerIsOrganization,
          repositories: [],
          teams: []
        }
        this.owners.set(ownerKey, owner)
      } else if (owner.isOrganization !== state.seed.ownerIsOrganization)
        throw new Error(`${state.owner} is an organization in one seed and a user in another`)
      owner.repositories.push(state)
      for (const team of state.seed.teams) {
        const known = owner.teams.find((t) => t.slug === team.slug)
        if (!known) owner.teams.push({ ...team, members: [...team.members] })
        else for (const m of team.members) if (!known.members.includes(m)) known.members.push(m)
      }
    }
  }

  get primary(): EmulatorState {
    return this.states[0]
  }

  /** More than one repository: GraphQL results then carry the repository each object came from. */
  get multi(): boolean {
    return this.states.length > 1
  }

  repository(owner: string, name: string): EmulatorState | undefined {
    return this.byName.get(fullName(owner, name))
  }

  /** `OWNER/NAME` (any case). */
  byFullName(text: string): EmulatorState | undefined {
    return this.byName.get(text.toLowerCase())
  }

  owner(login: string): Owner | undefined {
    return this.owners.get(login.toLowerCase())
  }

  organization(login: string): Owner | undefined {
    const owner = this.owner(login)
    return owner?.isOrganization ? owner : undefined
  }

  set baseUrl(url: string) {
    for (const state of this.states) state.baseUrl = url
  }
}

/** What a token may do with one repository: read it, write it, or neither (then it is "Not Found"). */
export type Access = 'write' | 'read' | 'none'

/** The part of a credential the REST and GraphQL layers consult (see credentials.ts). */
export interface Viewer {
  access(state: EmulatorState): Access
  /** The installation's repositories (App installation tokens only), else undefined. */
  installation?: { id: number; selection: 'all' | 'selected'; repositories: EmulatorState[] }
}

/** A viewer that reads and writes everything (the default where no credential is known). */
export const EVERYONE: Viewer = { access: () => 'write' }
