import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LibraryPage } from '@/components/library/LibraryPage';
import '@/components/common/base.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LibraryPage />
  </StrictMode>,
);
