import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { takeFragmentToken } from './auth/fragment-token';
import './styles.css';

// First of all: a #token= fragment leaves the address bar before anything renders.
takeFragmentToken(window.location, window.history);

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
