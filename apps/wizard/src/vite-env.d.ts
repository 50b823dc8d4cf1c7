/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_BFF_URL?: string;
  readonly VITE_EXOSERVA_API_URL?: string;
  readonly VITE_SESSION_TOKEN?: string;
  readonly VITE_ROLE?: string;
  readonly VITE_BASE_PATH?: string;
}
