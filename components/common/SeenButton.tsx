import { useEffect, useRef, useState, type ButtonHTMLAttributes } from 'react';
import { watchVisibleControls, type ControlState, type VisibleControls } from '@/utils/visible-controls';

let frameControls: VisibleControls | undefined;

type SeenButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onClick' | 'type'> & {
  /** The reader's own press, on the button while it was in plain view (`utils/visible-controls.ts`). */
  onPress(): void;
  /** Hears whether the button is on screen and uncovered now (armed or arming), e.g. to start a take the launcher asked for. */
  onSeenChange?(seen: boolean): void;
  /** The button the sidebar focuses when it opens: the reader's next step. */
  startControl?: boolean;
};

/**
 * A button that spends the reader's tokens or writes to their library. The page around our frame can make it
 * transparent or lay a decoy over it; then the browser reports it unseen and it does not act. Until it is armed it
 * lets pointer presses through (pointer-events: none), so a press that lands on it too early does nothing rather than
 * something the reader did not see; a keyboard press then says why in one line.
 */
export function SeenButton({ onPress, onSeenChange, startControl, style, children, ...rest }: SeenButtonProps) {
  const ref = useRef<HTMLButtonElement>(null);
  const [state, setState] = useState<ControlState>('unseen');
  const [refused, setRefused] = useState(false);
  const onSeenChangeRef = useRef(onSeenChange);
  useEffect(() => {
    onSeenChangeRef.current = onSeenChange;
  });

  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    frameControls ??= watchVisibleControls();
    const controls = frameControls;
    controls.watch(element, (next) => {
      setState(next);
      if (next === 'armed') setRefused(false);
      onSeenChangeRef.current?.(next !== 'unseen');
    });
    return () => {
      controls.unwatch(element);
      onSeenChangeRef.current?.(false);
    };
  }, []);

  const armed = state === 'armed';
  return (
    <>
      <button
        ref={ref}
        type="button"
        {...rest}
        data-armed={armed ? '' : undefined}
        data-start-control={startControl ? '' : undefined}
        style={armed ? style : { ...style, pointerEvents: 'none' }}
        onClick={(event) => {
          // A script's click is not the reader's; only an armed button acts.
          if (!event.nativeEvent.isTrusted) return;
          if (!ref.current || frameControls?.stateOf(ref.current) !== 'armed') {
            setRefused(true);
            return;
          }
          onPress();
        }}
      >
        {children}
      </button>
      {refused && (
        <span role="status" className="seen-note">
          Not yet: this button was hidden or covered a moment ago. Press it again once you can see it.
        </span>
      )}
    </>
  );
}
