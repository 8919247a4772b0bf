// The queue's keyboard: j/k next/previous row, Enter or o opens it, x selects it, a takes it (assign to me), ? shows
// the shortcuts, Esc hides them. Never while typing in a field. The active row is kept by its number, so a re-render of
// the list (a refresh every few seconds) keeps it.
const typing = t => t instanceof Element && (t.isContentEditable
    || t.closest('textarea, select, [contenteditable], [role=combobox]')
    || (t.closest('input') && !['checkbox', 'radio', 'button', 'submit'].includes(t.closest('input').type)));

export function attach(dotnet) {
    let active = null;
    const rows = () => Array.from(document.querySelectorAll('.tp-conv-table tbody tr[data-number]'));
    const mark = number => {
        active = number;
        for (const r of rows()) {
            const on = r.dataset.number === number;
            r.classList.toggle('tp-kb-active', on);
            if (on) {
                r.querySelector('a')?.focus({ preventScroll: true });
                r.scrollIntoView({ block: 'nearest' });
            }
        }
    };
    const current = () => rows().find(r => r.dataset.number === active);
    const onKey = e => {
        if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(e.target)) return;
        const overlay = document.querySelector('[data-overlay=keys]');
        if (e.key === 'Escape' && overlay) { e.preventDefault(); dotnet.invokeMethodAsync('ShowHelp', false); return; }
        if (e.key === '?') { e.preventDefault(); dotnet.invokeMethodAsync('ShowHelp', !overlay); return; }
        if (overlay) return;
        const list = rows();
        if (list.length === 0) return;
        const at = list.findIndex(r => r.dataset.number === active);
        switch (e.key) {
            case 'j':
                e.preventDefault();
                mark(list[Math.min(at + 1, list.length - 1)].dataset.number);
                break;
            case 'k':
                e.preventDefault();
                mark(list[Math.max(at - 1, 0)].dataset.number);
                break;
            case 'o':
            case 'Enter': {
                const row = current();
                // Enter on another link or button does what it always does.
                if (!row || (e.key === 'Enter' && e.target instanceof Element && e.target.closest('a, button') && !row.contains(e.target))) return;
                e.preventDefault();
                row.querySelector('a')?.click();
                break;
            }
            case 'x':
                if (current()) { e.preventDefault(); dotnet.invokeMethodAsync('ToggleFromKeyAsync', Number(active)); }
                break;
            case 'a':
                if (current()) { e.preventDefault(); dotnet.invokeMethodAsync('TakeAsync', Number(active)); }
                break;
        }
    };
    document.addEventListener('keydown', onKey);
    return {
        dispose() { document.removeEventListener('keydown', onKey); }
    };
}
