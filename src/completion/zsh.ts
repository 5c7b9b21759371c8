// The zsh completion script: native compadd/_files, the same cases as the bash script.
import { COMMAND_NAMES, OPTION_VALUES, SESSION_ACTIONS, flagsOf, optionsOf, valueKinds } from './spec.js';

export function zshScript(): string {
  const { enums, fileFlags: fileCases, freeFlags: freeCases } = valueKinds();
  const enumCases = enums.map(
    (o) => `    (${flagsOf(o).join('|')}) compadd -- ${OPTION_VALUES[o.name]!.join(' ')}; return ;;`,
  );
  const optionCases = ['', ...COMMAND_NAMES].map(
    (c) =>
      `      (${c || "''"}) compadd -- ${optionsOf(c)
        .map((o) => `--${o.name}`)
        .join(' ')} ;;`,
  );
  return `#compdef iam-refine
# zsh completion for iam-refine (iam-refine completion zsh)
# Install: iam-refine completion zsh > "\${fpath[1]}/_iam-refine"   (then restart zsh)
#      or: echo 'source <(iam-refine completion zsh)' >> ~/.zshrc   (after compinit)

_iam-refine-sessions() {
  local dir=() i
  for ((i = 2; i < CURRENT; i++)); do
    [[ \${words[i]} == --sessions-dir ]] && dir=(--sessions-dir \${words[i+1]})
  done
  \${words[1]} __complete sessions $dir 2>/dev/null
}

_iam-refine() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} cmd=''
  if (( CURRENT > 2 )); then
    case \${words[2]} in
      (${COMMAND_NAMES.join('|')}) cmd=\${words[2]} ;;
    esac
  fi
  case $prev in
${enumCases.join('\n')}
    (${fileCases.join('|')}) _files; return ;;
    (${freeCases.join('|')}) return ;;
  esac
  if [[ $cur == -* ]]; then
    case $cmd in
${optionCases.join('\n')}
    esac
    return
  fi
  if [[ -z $cmd ]]; then
    (( CURRENT == 2 )) && compadd -- ${COMMAND_NAMES.join(' ')}
    return
  fi
  case $cmd in
    (completion) (( CURRENT == 3 )) && compadd -- bash zsh fish ;;
    (help) (( CURRENT == 3 )) && compadd -- ${COMMAND_NAMES.filter((c) => c !== 'help').join(' ')} ;;
    (sessions)
      if (( CURRENT == 3 )); then
        compadd -- ${SESSION_ACTIONS.join(' ')}
      elif (( CURRENT == 4 )) && [[ \${words[3]} == (show|delete) ]]; then
        compadd -- \${\${(f)"$(_iam-refine-sessions)"}:#}
      fi ;;
    (resume|export) (( CURRENT == 3 )) && compadd -- \${\${(f)"$(_iam-refine-sessions)"}:#} ;;
  esac
}

if [[ $funcstack[1] == _iam-refine ]]; then
  _iam-refine "$@"
else
  compdef _iam-refine iam-refine
fi
`;
}
