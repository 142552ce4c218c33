;;; probe-common.el --- what the Emacs probes share: the PROBE_* variables, Debian's packages, waiting  -*- lexical-binding: t -*-

;; Loaded by probe.el (eglot) and lsp-mode-probe.el before anything else.

(require 'package)
(require 'cl-lib)

(defun probe--env (name)
  (or (getenv name) (error "probe: %s is not set" name)))

(defun probe--fail (code fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n") #'external-debugging-output)
  (kill-emacs code))

(defun probe--use-system-packages (library install)
  "Make the system-wide packages loadable, as Emacs started without -Q sees them (-Q leaves
site-lisp out): Debian's elpa-* packages are in /usr/share/emacs/site-lisp/elpa.  No user
packages (HOME is a scratch folder too).  Exits 3 saying INSTALL when LIBRARY is not there."
  (setq package-user-dir (expand-file-name "elpa" (probe--env "PROBE_HOME")))
  (add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
  (package-initialize)
  (unless (locate-library library)
    (probe--fail 3 "%s is missing: %s; looked in %S" library install
                 (cons package-user-dir package-directory-list))))

(defvar probe-timeout (string-to-number (probe--env "PROBE_TIMEOUT")))
(defvar probe-start (float-time))
(defvar probe-result nil)

(defun probe--put (key value)
  (setq probe-result (plist-put probe-result key value)))

(defun probe--wait (pred)
  "Let the client and flymake run (as the command loop would) until PRED holds or time runs out."
  (while (and (not (funcall pred)) (< (- (float-time) probe-start) probe-timeout))
    ;; `eglot-ensure' and a deferred `flymake-start' wait for the end of a command.
    (run-hooks 'post-command-hook)
    (accept-process-output nil 0.05))
  (funcall pred))

(defun probe--idle ()
  "What a pause of the user runs: the idle timers (batch Emacs never goes idle by itself)."
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun probe--flymake-has-text (regexp)
  "Whether a flymake diagnostic in the buffer says REGEXP."
  (cl-some (lambda (d) (string-match-p regexp (flymake-diagnostic-text d)))
           (flymake-diagnostics)))

(defun probe--visible (text)
  "TEXT without what Emacs hides (the Markdown markup markdown-mode makes invisible)."
  (let ((out "") (pos 0))
    (while (< pos (length text))
      (let ((next (next-single-property-change pos 'invisible text (length text))))
        (unless (get-text-property pos 'invisible text)
          (setq out (concat out (substring-no-properties text pos next))))
        (setq pos next)))
    out))

(defun probe--save-log (prefix)
  "For debugging: PROBE_EVENTS names a file for the client's buffers whose names start with PREFIX."
  (when-let ((events (getenv "PROBE_EVENTS")))
    (dolist (buf (buffer-list))
      (when (string-prefix-p prefix (buffer-name buf))
        (with-current-buffer buf (append-to-file (point-min) (point-max) events))))))

(defun probe--finish ()
  "Write what was seen to PROBE_OUT and exit 0."
  (probe--put :elapsed (- (float-time) probe-start))
  (with-temp-file (probe--env "PROBE_OUT")
    (insert (json-encode probe-result)))
  (kill-emacs 0))
