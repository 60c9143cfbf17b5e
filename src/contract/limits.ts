export const LIMITS = { threadId: 200, name: 100, email: 254, comment: 10_000, website: 200 } as const;
