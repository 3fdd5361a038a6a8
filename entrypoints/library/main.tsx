import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LibraryPage } from '@/components/library/LibraryPage';
import { followThemeSetting } from '@/utils/ui/theme';
import '@/components/common/theme.css';
import '@/components/common/base.css';

followThemeSetting();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LibraryPage />
  </StrictMode>,
);
