// The bash completion script (also what the test drives: its function fills COMPREPLY).
import { COMMAND_NAMES, OPTION_VALUES, SESSION_ACTIONS, flagsOf, optionsOf, valueKinds } from './spec.js';

export function bashScript(): string {
  const { enums, fileFlags: fileCases, freeFlags: freeCases } = valueKinds();
  const enumCases = enums.map(
    (o) =>
      `    ${flagsOf(o).join('|')}) COMPREPLY=($(compgen -W "${OPTION_VALUES[o.name]!.join(' ')}" -- "$cur")); return ;;`,
  );
  const optionCases = ['', ...COMMAND_NAMES].map(
    (c) =>
      `      ${c || '""'}) opts="${optionsOf(c)
        .map((o) => `--${o.name}`)
        .join(' ')}" ;;`,
  );
  return `# bash completion for iam-refine (iam-refine completion bash)
# Install: iam-refine completion bash > ~/.local/share/bash-completion/completions/iam-refine
#      or: echo 'source <(iam-refine completion bash)' >> ~/.bashrc

_iam_refine_sessions() {
  local i dir=()
  for ((i = 1; i < \${#COMP_WORDS[@]} - 1; i++)); do
    [[ "\${COMP_WORDS[i]}" == --sessions-dir ]] && dir=(--sessions-dir "\${COMP_WORDS[i+1]}")
  done
  "\${COMP_WORDS[0]}" __complete sessions "\${dir[@]}" 2>/dev/null
}

_iam_refine() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" opts=""
  (( COMP_CWORD > 0 )) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  if (( COMP_CWORD > 1 )); then
    case "\${COMP_WORDS[1]}" in
      ${COMMAND_NAMES.join('|')}) cmd="\${COMP_WORDS[1]}" ;;
    esac
  fi
  case "$prev" in
${enumCases.join('\n')}
    ${fileCases.join('|')}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${freeCases.join('|')}) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${optionCases.join('\n')}
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  if [[ -z "$cmd" ]]; then
    (( COMP_CWORD == 1 )) && COMPREPLY=($(compgen -W "${COMMAND_NAMES.join(' ')}" -- "$cur"))
    return
  fi
  case "$cmd" in
    completion) (( COMP_CWORD == 2 )) && COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")) ;;
    help) (( COMP_CWORD == 2 )) && COMPREPLY=($(compgen -W "${COMMAND_NAMES.filter((c) => c !== 'help').join(' ')}" -- "$cur")) ;;
    sessions)
      if (( COMP_CWORD == 2 )); then
        COMPREPLY=($(compgen -W "${SESSION_ACTIONS.join(' ')}" -- "$cur"))
      elif (( COMP_CWORD == 3 )) && [[ "\${COMP_WORDS[2]}" == show || "\${COMP_WORDS[2]}" == delete ]]; then
        COMPREPLY=($(compgen -W "$(_iam_refine_sessions)" -- "$cur"))
      fi ;;
    resume|export) (( COMP_CWORD == 2 )) && COMPREPLY=($(compgen -W "$(_iam_refine_sessions)" -- "$cur")) ;;
  esac
}

complete -F _iam_refine iam-refine
`;
}
