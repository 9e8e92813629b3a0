@echo off
rem rnnwb from an installed RNN Workbench (Windows): the app's own Electron binary run as plain Node
rem (ELECTRON_RUN_AS_NODE=1) on the CLI that electron-builder unpacks beside app.asar. electron-builder copies
rem this file to <install dir>\resources\bin\rnnwb.cmd; see docs/packaging.md (and there: how to put it on PATH).
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\RNN Workbench.exe" "%~dp0..\app.asar.unpacked\out\cli\rnnwb.js" %*
exit /b %ERRORLEVEL%
