import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Popup } from '@/components/popup/Popup';
import { followThemeSetting } from '@/utils/ui/theme';
import '@/components/common/theme.css';
import '@/components/common/base.css';

followThemeSetting();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Popup />
  </StrictMode>,
);
