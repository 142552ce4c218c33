;;; lsp-mode-probe.el --- drive the nhi-imaging language server from lsp-mode, report what Emacs saw  -*- lexical-binding: t -*-

;; Run as `emacs --batch -Q -l lsp-mode-probe.el' with the PROBE_* variables set (see
;; test/interop/lsp-mode.test.ts).  Loads lsp-mode as a user's Emacs does (Debian's elpa-lsp-mode
;; under /usr/share/emacs/site-lisp/elpa), loads the README's lsp-mode snippet from PROBE_SNIPPET,
;; then opens PROBE_FILE: the snippet's auto-mode-alist entry picks the major mode, its hook calls
;; `lsp-deferred', lsp-mode asks the user for the project root (answered "i": import the folder
;; of the file) and starts `nhi-imaging lsp --stdio' (first on PATH: the test's wrapper of
;; dist/cli.js).  Writes JSON to PROBE_OUT: the diagnostics lsp-mode received and the regions
;; flymake marks, the *lsp-help* buffer of a hover, completion, the code actions at one defect,
;; the text and diagnostics after lsp-mode applied the preferred one and then the fix-all action,
;; *lsp-log*, *Warnings* (lsp-mode warns there of messages it does not know) and the JSON-RPC traffic
;; up to shutdown and exit.
;; Exits 3 with a message on stderr when lsp-mode cannot be loaded, 4 when it did not connect.

(load (expand-file-name "probe-common.el" (file-name-directory load-file-name)) nil t)
(probe--use-system-packages "lsp-mode" "apt-get install elpa-lsp-mode")

;; The README's snippet, as a user puts it in init.el (the test has only changed its settings to
;; English and a fixed deadline reference time).
(load (probe--env "PROBE_SNIPPET") nil t)
(require 'lsp-mode)
;; The JSON-RPC traffic, in the buffer "*lsp-log: nhi-imaging:PID*" (M-x lsp-workspace-show-log).
(setq lsp-log-io t)

;; lsp-mode asks once per project which folder is its root (read-key); the user imports the
;; suggested one, the file's folder.
(advice-add 'read-key :override
            (lambda (prompt &rest _)
              (probe--put :rootPrompt (substring-no-properties prompt))
              ?i))

(defun probe--lsp-pos (pos)
  "POS as the LSP position lsp-mode sends for it (a plist, whatever `lsp-use-plists' says)."
  (lsp-point-to-position pos))

(defun probe--received ()
  "The diagnostics lsp-mode holds for the file, as the server sent them."
  (or (gethash (lsp--fix-path-casing buffer-file-name) (lsp-diagnostics t)) '()))

(defun probe--diagnostics ()
  "What lsp-mode received (:received, the LSP diagnostics) and what flymake shows (:shown, the
region flymake marks, its type and text)."
  (list :received (vconcat (probe--received))
        :shown (vconcat
                (mapcar (lambda (d)
                          (list :start (probe--lsp-pos (flymake-diagnostic-beg d))
                                :end (probe--lsp-pos (flymake-diagnostic-end d))
                                :type (symbol-name (flymake-diagnostic-type d))
                                :text (flymake-diagnostic-text d)))
                        (flymake-diagnostics)))))

(defun probe--has (code line)
  (cl-some (lambda (d)
             (and (equal (lsp:diagnostic-code? d) code)
                  (= (lsp:position-line (lsp:range-start (lsp:diagnostic-range d))) line)))
           (probe--received)))

(defvar probe-published-version nil
  "The document version of the last publishDiagnostics lsp-mode handled (the server sends it).")
(advice-add 'lsp--on-diagnostics :after
            (lambda (_workspace params)
              (setq probe-published-version (lsp:publish-diagnostics-params-version? params))))

(defun probe--goto (line char)
  (goto-char (point-min))
  (forward-line line)
  (forward-char char))

(defun probe--settled-english-p ()
  (and (probe--flymake-has-text "national ID") (probe--received)))

(defun probe--wait-lsp (pred)
  "`probe--wait' with the pauses lsp-mode waits for (its deferred start, its idle timers)."
  (probe--wait (lambda () (probe--idle) (funcall pred))))

(defun probe--apply (action)
  "Applies ACTION as M-x lsp-execute-code-action does once the user picked it; waits for the
diagnostics of the edited text."
  (lsp-execute-code-action action)
  (probe--idle)
  (probe--wait-lsp (lambda () (equal probe-published-version lsp--cur-version)))
  (list :version lsp--cur-version :publishedVersion probe-published-version
        :diagnostics (probe--diagnostics)
        :text (buffer-substring-no-properties (point-min) (point-max))))

(find-file (probe--env "PROBE_FILE"))
(probe--put :mode (symbol-name major-mode))
(probe--put :settled (if (probe--wait-lsp #'probe--settled-english-p) t :json-false))
(probe--put :managed (if (bound-and-true-p lsp-mode) t :json-false))
(probe--put :versions (list :emacs emacs-version :lspMode (lsp-version)))
(probe--put :diagnostics (probe--diagnostics))

(let* ((workspace (or (car (lsp-workspaces))
                      (probe--fail 4 "lsp-mode did not connect to the server in %ss" probe-timeout)))
       (line (string-to-number (probe--env "PROBE_LINE")))
       (fix-line (string-to-number (probe--env "PROBE_FIX_LINE")))
       (fix-char (string-to-number (probe--env "PROBE_FIX_CHAR")))
       (fix-code (probe--env "PROBE_FIX_CODE")))
  (probe--put :server (list :name (lsp--workspace-server-id workspace)
                            :status (symbol-name (lsp--workspace-status workspace))))
  ;; Hover: M-x lsp-describe-thing-at-point, and what its *lsp-help* buffer shows.
  (probe--goto line (string-to-number (probe--env "PROBE_CHAR")))
  (probe--put :hover (lsp-request "textDocument/hover" (lsp--text-document-position-params)))
  (lsp-describe-thing-at-point)
  (probe--put :hoverText (and (get-buffer "*lsp-help*")
                              (with-current-buffer "*lsp-help*" (probe--visible (buffer-string)))))
  ;; Completion: the raw answer and the candidates lsp-mode's completion-at-point function offers.
  (probe--goto line (string-to-number (probe--env "PROBE_COMPLETE_CHAR")))
  (probe--put :completion (lsp-request "textDocument/completion" (lsp--text-document-position-params)))
  (let ((capf (lsp-completion-at-point)))
    (probe--put :capf (and capf (vconcat (all-completions "" (nth 2 capf))))))
  ;; Code actions with the cursor on the defect (M-x lsp-execute-code-action lists these); the
  ;; preferred quick fix applied, then the fix-all action asked for in the fixed text.
  (probe--goto fix-line fix-char)
  (let* ((actions (lsp-code-actions-at-point))
         (preferred (seq-find (lambda (a) (and (equal (lsp:code-action-kind? a) "quickfix")
                                               (lsp:code-action-is-preferred? a)))
                              actions)))
    (probe--put :actions actions)
    (when preferred
      (let ((after (probe--apply preferred)))
        (probe--put :afterFix (append after (list :fixed (if (probe--has fix-code fix-line) :json-false t)))))))
  (probe--goto fix-line 0)
  (let* ((actions (lsp-code-actions-at-point))
         (fix-all (seq-find (lambda (a) (equal (lsp:code-action-kind? a) "source.fixAll")) actions)))
    (probe--put :fixAllAction fix-all)
    (when fix-all
      (probe--put :afterFixAll (probe--apply fix-all))))
  ;; M-x lsp-workspace-shutdown: lsp-mode waits half a second for the answer to shutdown, sends exit
  ;; and kills the process; the traffic shows whether the server answered in time.
  (lsp-workspace-shutdown workspace))

(defun probe--buffer-text (name)
  (if (get-buffer name)
      (with-current-buffer name (buffer-substring-no-properties (point-min) (point-max)))
    ""))
(probe--put :log (probe--buffer-text "*lsp-log*"))
(probe--put :warnings (probe--buffer-text "*Warnings*"))
(probe--put :io (mapconcat (lambda (b) (probe--buffer-text b))
                           (seq-filter (lambda (b) (string-prefix-p "*lsp-log: " (buffer-name b))) (buffer-list))
                           "\n"))
;; For debugging: PROBE_EVENTS names a file for lsp-mode's logs.
(probe--save-log "*lsp-log")
(probe--finish)
