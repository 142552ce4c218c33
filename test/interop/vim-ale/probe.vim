" Drives the nhi-imaging language server from ALE (Vim headless, `vim -Nu SNIPPET -i NONE -es -c
" 'source probe.vim'`): the README's Vim snippet is the vimrc, so ALE is loaded as a user's Vim loads
" it, and this runs after startup.  Opens PROBE_FILE, lets ALE start `nhi-imaging lsp --stdio`, and
" writes JSON to PROBE_OUT: ALE's diagnostics, the hover :ALEHover shows, the completion ALE's omnifunc
" offers, the code actions :ALECodeAction lists at each fixable finding and at the Gregorian exam
" time, the buffer and diagnostics after ALE applied the preferred one, and the references
" :ALEFindReferences lists once the national ID is corrected.
let s:start = reltime()
let s:timeout = str2float($PROBE_TIMEOUT)
let s:result = {}
let s:line = str2nr($PROBE_LINE) + 1
let s:fix_line = str2nr($PROBE_FIX_LINE) + 1

" Let Vim run ALE's jobs and timers (:sleep handles channel messages) until the condition holds.
function! s:Wait(Cond) abort
  while !a:Cond() && reltimefloat(reltime(s:start)) < s:timeout
    sleep 20m
  endwhile
  return a:Cond()
endfunction

function! s:Loclist() abort
  return map(copy(ale#engine#GetLoclist(bufnr(''))),
  \ {_, d -> {'lnum': d.lnum, 'col': d.col, 'end_lnum': d.end_lnum, 'end_col': d.end_col,
  \           'type': d.type, 'code': get(d, 'code', ''), 'text': d.text}})
endfunction

function! s:Has(code, lnum) abort
  return !empty(filter(copy(ale#engine#GetLoclist(bufnr(''))), {_, d -> get(d, 'code', '') is# a:code && d.lnum == a:lnum}))
endfunction

function! s:Finish() abort
  let s:result.elapsed = reltimefloat(reltime(s:start))
  let s:result.errmsg = v:errmsg
  call writefile([json_encode(s:result)], $PROBE_OUT)
  qa!
endfunction

if !exists('g:loaded_ale')
  let s:result.error = 'ALE is not loaded: apt-get install vim-ale'
  call s:Finish()
endif
execute 'edit' fnameescape($PROBE_FILE)
let s:buffer = bufnr('')
let s:result.filetype = &filetype
let s:result.omnifunc = &omnifunc

" Diagnostics: ALE's, once the English ones (the settings applied) arrived.
let s:result.settled = s:Wait({-> !empty(filter(copy(ale#engine#GetLoclist(s:buffer)), {_, d -> d.text =~# 'national ID'}))})
let s:result.diagnostics = s:Loclist()
call s:Wait({-> !empty(getloclist(0))})
let s:result.loclist = len(getloclist(0))
let s:conn = get(filter(values(ale#lsp#GetConnections()), {_, c -> !empty(c.job_id)}), 0, {})
if empty(s:conn)
  let s:result.error = 'ALE has no connection to the server'
  call s:Finish()
endif

" Hover: :ALEHover on field 8, shown in ALE's preview window.
let g:ale_hover_to_preview = 1
call cursor(s:line, str2nr($PROBE_CHAR) + 1)
ALEHover
let s:result.hover = s:Wait({-> !empty(filter(range(1, bufnr('$')), {_, b -> getbufvar(b, '&filetype') is# 'ale-preview.message'}))})
  \ ? getbufline(filter(range(1, bufnr('$')), {_, b -> getbufvar(b, '&filetype') is# 'ale-preview.message'})[0], 1, '$')
  \ : v:null
pclose

" Completion: the user's Ctrl-X Ctrl-O in field 2 (ALE's omnifunc waits for the answer), then Ctrl-E
" to leave the text as it was; ALE keeps what it offered in b:ale_completion_result.
call cursor(s:line, str2nr($PROBE_COMPLETE_CHAR))
execute "normal! a\<C-x>\<C-o>\<C-e>\<Esc>"
let s:result.completion = map(copy(get(b:, 'ale_completion_result', [])), {_, i -> i.word})
let s:result.textAfterCompletion = join(getline(1, '$'), "\n") . "\n"

" For each finding with a fix (PROBE_FIXABLE: [lnum, col, code] as ALE lists them), the code actions
" :ALECodeAction gets with the cursor where :ALENext puts it: their titles and the codes they fix.
function! s:ActionsAt(lnum, col) abort
  call cursor(a:lnum, a:col)
  let s:menu = v:null
  call ale#codefix#Execute(0, {data, items -> execute('let s:menu = [data, items]')})
  call s:Wait({-> s:menu isnot v:null})
  return s:menu
endfunction
let s:result.fixable = []
for [s:lnum, s:col, s:code] in json_decode($PROBE_FIXABLE)
  let s:menu = s:ActionsAt(s:lnum, s:col)
  call add(s:result.fixable, {'code': s:code, 'lnum': s:lnum, 'fixes': s:menu is v:null ? v:null
  \ : map(copy(s:menu[1]), {_, i -> map(copy(get(i[1], 'diagnostics', [])), {_, d -> d.code})})})
endfor

" Code actions: what :ALECodeAction asks for with the cursor on the Gregorian exam time (ALE sends
" the word under the cursor as the range), taken through ALE's menu callback, then the preferred one
" applied by ALE as when the user types its number.
let s:menu = s:ActionsAt(s:fix_line, str2nr($PROBE_FIX_CHAR) + 1)
let s:result.actions = s:menu is v:null ? v:null : map(copy(s:menu[1]), {_, i -> i[1]})
let s:preferred = s:menu is v:null ? [] : filter(copy(s:menu[1]), {_, i -> get(i[1], 'isPreferred', v:false) is v:true})
if !empty(s:preferred)
  let s:tick = b:changedtick
  call ale#codefix#ApplyLSPCodeAction(s:menu[0], s:preferred[0][1])
  let s:result.applied = b:changedtick != s:tick
endif
let s:result.fixedLine = getline(s:fix_line)
let s:result.textAfterFix = join(getline(1, '$'), "\n") . "\n"
" What the main loop of an interactive Vim does after the edit: TextChanged, on which ALE lints again.
doautocmd <nomodeline> TextChanged
let s:result.fixed = s:Wait({-> !s:Has($PROBE_FIX_CODE, s:fix_line)})
let s:result.afterFix = s:Loclist()

" References: the user corrects the national ID (PROBE_ID_BAD to PROBE_ID_GOOD), which puts the row
" in one visit with the next, and asks :ALEFindReferences there, into the quickfix list.
call setline(s:line, substitute(getline(s:line), ',' . $PROBE_ID_BAD . ',', ',' . $PROBE_ID_GOOD . ',', ''))
doautocmd <nomodeline> TextChanged
let s:result.idFixed = s:Wait({-> !s:Has('F08-pattern', s:line)})
call setqflist([])
call cursor(s:line, str2nr($PROBE_CHAR) + 1)
ALEFindReferences -quickfix
call s:Wait({-> !empty(getqflist())})
let s:result.references = map(getqflist(), {_, q -> [q.lnum, q.col]})

call s:Finish()
