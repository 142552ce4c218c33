-- Drives the language server from Neovim's own LSP client (headless), then writes what Neovim saw
-- as JSON: its diagnostics for the buffer, a hover, signature help, completion items and the edit of a quick fix.
-- Neovim 0.7 API (Debian 12): start_client + buf_attach_client; settings are pushed in on_init.
local out, file, server = vim.env.PROBE_OUT, vim.env.PROBE_FILE, vim.env.PROBE_SERVER
local settings = { nhiImaging = { language = 'en', deadlineReferenceTime = vim.env.PROBE_NOW } }
local client_id = vim.lsp.start_client({
  name = 'nhi-imaging',
  cmd = { vim.env.PROBE_NODE, server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  settings = settings,
  on_init = function(client)
    client.notify('workspace/didChangeConfiguration', { settings = settings })
  end,
})
vim.cmd('edit ' .. file)
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
local uri = vim.uri_from_bufnr(buf)
local result = { diagnostics = {} }

-- Diagnostics in English (the pushed settings applied) and of the edited text.
local function english()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.message:match('^[%w%p ]') and d.message:find('national ID') then return true end
  end
  return false
end
result.settled = vim.wait(30000, english, 50)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  table.insert(result.diagnostics, { line = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, code = lsp.code, message = d.message })
end

local function request(method, params)
  local answers = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
  for _, r in pairs(answers) do
    if r.result then return r.result end
  end
  return vim.NIL
end
local line, character = tonumber(vim.env.PROBE_LINE), tonumber(vim.env.PROBE_CHAR)
result.hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = line, character = character } })
result.signature = request('textDocument/signatureHelp', { textDocument = { uri = uri }, position = { line = line, character = character } })
result.completion = request('textDocument/completion', { textDocument = { uri = uri }, position = { line = line, character = tonumber(vim.env.PROBE_COMPLETE_CHAR) } })
local lsp_diags = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  if d.lnum == tonumber(vim.env.PROBE_FIX_LINE) then table.insert(lsp_diags, d.user_data and d.user_data.lsp) end
end
result.actions = request('textDocument/codeAction', {
  textDocument = { uri = uri },
  range = { start = { line = tonumber(vim.env.PROBE_FIX_LINE), character = 0 }, ['end'] = { line = tonumber(vim.env.PROBE_FIX_LINE), character = 200 } },
  context = { diagnostics = lsp_diags },
})

local f = io.open(out, 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd('qa!')
