;;; probe.el --- drive the nhi-imaging language server from eglot, report what Emacs saw  -*- lexical-binding: t -*-

;; Run as `emacs --batch -Q -l probe.el' with the PROBE_* variables set (see
;; test/interop/emacs.test.ts).  Loads eglot the way a user's Emacs does (`package-initialize'
;; finds Debian's elpa-eglot under /usr/share/emacs/site-lisp/elpa, or an ELPA install), loads
;; the README's Emacs snippet unchanged from PROBE_SNIPPET, then opens PROBE_FILE: the snippet's
;; auto-mode-alist entry picks the major mode, its hook calls `eglot-ensure', and eglot starts
;; `nhi-imaging lsp --stdio' from `eglot-server-programs' (first on PATH: the test's wrapper of dist/cli.js).  Writes JSON to PROBE_OUT: the flymake
;; diagnostics eglot made, a hover (the text eldoc shows, without the markup markdown-mode hides), completion items, the code actions for one defect, the
;; diagnostics after eglot applied the preferred one, and how the server ended on shutdown/exit.
;; Exits 3 with a message on stderr when eglot cannot be loaded, 4 when it did not connect.

;; Debian's elpa-eglot, as a user's Emacs finds it.
(load (expand-file-name "probe-common.el" (file-name-directory load-file-name)) nil t)
(probe--use-system-packages "eglot" "apt-get install elpa-eglot (Emacs before 29 has no eglot built in)")

;; The README's snippet, as a user puts it in init.el (the test has only changed the settings in
;; its `eglot-workspace-configuration' to English and a fixed deadline reference time).
(load (probe--env "PROBE_SNIPPET") nil t)
(require 'eglot)

(defun probe--lsp-pos (pos)
  "POS as the LSP position eglot sends for it (0-based line, UTF-16 character)."
  (eglot--pos-to-lsp-position pos))

(defun probe--diagnostics ()
  "Flymake's diagnostics in the buffer (:start, :end: the region flymake marks) with what eglot
made each from (:range and the rest: the LSP diagnostic)."
  (vconcat
   (mapcar (lambda (d)
             (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
               (list :range (plist-get lsp :range)
                     :start (probe--lsp-pos (flymake-diagnostic-beg d))
                     :end (probe--lsp-pos (flymake-diagnostic-end d))
                     :type (symbol-name (flymake-diagnostic-type d))
                     :text (flymake-diagnostic-text d)
                     :code (plist-get lsp :code) :source (plist-get lsp :source)
                     :message (plist-get lsp :message) :severity (plist-get lsp :severity))))
           (flymake-diagnostics))))

(defun probe--has (code line)
  (cl-some (lambda (d)
             (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
               (and (equal (plist-get lsp :code) code)
                    (= (plist-get (plist-get (plist-get lsp :range) :start) :line) line))))
           (flymake-diagnostics)))

(defvar probe-published-version nil
  "The document version of the last publishDiagnostics eglot handled (the server sends it).")
(advice-add 'eglot-handle-notification :after
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (setq probe-published-version (plist-get params :version)))))

(defun probe--english-p ()
  (probe--flymake-has-text "national ID"))

(find-file (probe--env "PROBE_FILE"))
(probe--put :mode (symbol-name major-mode))
(probe--put :settled (if (probe--wait #'probe--english-p) t :json-false))
(probe--put :managed (if (bound-and-true-p eglot--managed-mode) t :json-false))
(probe--put :versions (list :emacs emacs-version
                            :eglot (let ((desc (cadr (assq 'eglot package-alist))))
                                     (if desc (package-version-join (package-desc-version desc)) "built-in"))))
(probe--put :diagnostics (probe--diagnostics))

(let* ((server (or (eglot-current-server)
                   (probe--fail 4 "eglot did not connect to the server in %ss" probe-timeout)))
       (doc (eglot--TextDocumentIdentifier))
       (pos (lambda (line char) (list :line line :character char)))
       (line (string-to-number (probe--env "PROBE_LINE")))
       (fix-line (string-to-number (probe--env "PROBE_FIX_LINE")))
       (fix-code (probe--env "PROBE_FIX_CODE")))
  ;; Hover, as the server sent it and as eglot's eldoc function formats it.
  (let ((hover (jsonrpc-request server :textDocument/hover
                                (list :textDocument doc
                                      :position (funcall pos line (string-to-number (probe--env "PROBE_CHAR")))))))
    (probe--put :hover hover)
    ;; Eglot declares Markdown when markdown-mode is there (Debian's elpa-lsp-mode brings it).
    (probe--put :markdownMode (if (fboundp 'gfm-view-mode) t :json-false))
    (probe--put :hoverText (and hover (probe--visible (eglot--hover-info (plist-get hover :contents) (plist-get hover :range))))))
  ;; Completion: the raw answer and the candidates eglot's completion-at-point function offers there.
  (let ((char (string-to-number (probe--env "PROBE_COMPLETE_CHAR"))))
    (probe--put :completion (jsonrpc-request server :textDocument/completion
                                             (list :textDocument doc :position (funcall pos line char))))
    (save-excursion
      (goto-char (point-min))
      (forward-line line)
      (forward-char char)
      (let ((capf (eglot-completion-at-point)))
        (probe--put :capf (and capf (vconcat (all-completions "" (nth 2 capf))))))))
  ;; Code actions on the defect's line, asked by eglot's own `eglot-code-actions' (its context
  ;; carries the flymake diagnostics there), then the preferred one applied as when the user takes
  ;; the default of M-x eglot-code-actions.
  (let* ((beg (save-excursion (goto-char (point-min)) (forward-line fix-line) (point)))
         (end (save-excursion (goto-char beg) (line-end-position)))
         (actions (eglot-code-actions beg end)))
    (probe--put :actions (vconcat actions))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt _collection &optional _pred _require _initial _hist default &rest _) default))
              ((symbol-function 'y-or-n-p) (lambda (&rest _) t)))
      (let ((last-nonmenu-event ?\r))
        (eglot--read-execute-code-action actions server)))
    (probe--put :fixedLine (buffer-substring-no-properties beg (save-excursion (goto-char beg) (line-end-position))))
    (probe--idle)
    ;; The diagnostics of the edited text: published for the version eglot's didChange gave it.
    (probe--put :version eglot--versioned-identifier)
    (probe--wait (lambda () (equal probe-published-version eglot--versioned-identifier)))
    (probe--put :publishedVersion probe-published-version)
    (probe--put :fixed (if (probe--has fix-code fix-line) :json-false t))
    (probe--put :afterFix (probe--diagnostics))
    (probe--put :textAfterFix (buffer-substring-no-properties (point-min) (point-max))))
  ;; Shut down as LSP says, and see whether the server process ends by itself.
  (let ((proc (jsonrpc--process server)))
    (setf (eglot--inhibit-autoreconnect server) t)
    (jsonrpc-request server :shutdown nil)
    (jsonrpc-notify server :exit nil)
    (let ((deadline (+ (float-time) 5)))
      (while (and (process-live-p proc) (< (float-time) deadline))
        (accept-process-output proc 0.05)))
    (probe--put :exit (if (process-live-p proc) "running" (process-exit-status proc)))))

;; For debugging: PROBE_EVENTS names a file for eglot's log of the JSON-RPC traffic.
(probe--save-log "*EGLOT")
(probe--finish)
