import { apiJson } from '../api/client';
import { storeToken, type SignInProvider } from './session';

/** Development sign-in: the API issues a short-lived token (only with AUTH_DEV_LOGIN=true). */
export const devSignIn: SignInProvider = {
  id: 'dev',
  async signIn(input) {
    const body = Object.fromEntries(
      Object.entries(input).filter(
        ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0 && v !== input.roles),
      ),
    );
    const answer = await apiJson<{ token: string }>('/auth/dev-login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return storeToken(answer.token);
  },
};
