import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OptionsPage } from '@/components/options/OptionsPage';
import { followThemeSetting } from '@/utils/ui/theme';
import '@/components/common/theme.css';
import '@/components/common/base.css';

followThemeSetting();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OptionsPage />
  </StrictMode>,
);
