export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>StatRead</h1>
        <p className="disclaimer">Not for diagnostic use.</p>
      </header>
    </div>
  );
}
