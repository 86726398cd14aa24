// The docs' `./auth` (your app's own session lookup), for scripts/check-doc-blocks.js.
export interface User {
  id: string;
  email: string;
  name: string;
}

export declare function getUserFromSession(request: Request): Promise<User | null>;
