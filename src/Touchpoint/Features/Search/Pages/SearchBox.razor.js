// The top-bar search box's keys that must act in the browser: "/" outside a field focuses the box; ↑/↓ in the open
// list do not move the caret (the server moves the active option).
export function attach(input) {
    const focusKey = e => {
        if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
        const t = e.target;
        if (t instanceof Element && (t.isContentEditable || t.closest('input, textarea, select, [contenteditable]'))) return;
        e.preventDefault();
        input.focus();
        input.select();
    };
    const arrows = e => {
        if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && input.getAttribute('aria-expanded') === 'true') e.preventDefault();
    };
    document.addEventListener('keydown', focusKey);
    input.addEventListener('keydown', arrows);
    return {
        dispose() {
            document.removeEventListener('keydown', focusKey);
            input.removeEventListener('keydown', arrows);
        }
    };
}

export function reveal(id) {
    document.getElementById(id)?.scrollIntoView({ block: 'nearest' });
}
