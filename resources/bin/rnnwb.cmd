@echo off
rem rnnwb from an installed RNN Workbench (Windows): Node.js (^20.19.0 || >=22.12.0: node on PATH, or the one
rem RNNWB_NODE names) on the CLI that electron-builder unpacks beside app.asar. Not the app's own binary: the
rem packaged app has Electron's RunAsNode fuse off (electron-builder.yml), so it cannot run as plain Node.
rem electron-builder copies this file to <install dir>\resources\bin\rnnwb.cmd; see docs/packaging.md.
setlocal
if defined RNNWB_NODE (set "node=%RNNWB_NODE%") else (set "node=node")
"%node%" -e "const [a, b] = process.versions.node.split('.').map(Number); process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22 ? 0 : 1)" >nul 2>nul
if errorlevel 1 (
  echo rnnwb: needs Node.js 20.19 or newer 20.x, or 22.12 or newer, from https://nodejs.org: put node on PATH, or set RNNWB_NODE to its path. The app itself does not need it. 1>&2
  exit /b 127
)
"%node%" "%~dp0..\app.asar.unpacked\out\cli\rnnwb.js" %*
exit /b %ERRORLEVEL%
