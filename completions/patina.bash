# bash completion for patina(1)
#
# Source this file (or install it as patina in bash-completion's
# completions directory). Candidates come from `patina __complete WORDS...`,
# which reads only patina's disk cache (commands, entities, options,
# columns, filter keys, owner names, stages, fields, choices, activity
# types and dates for log) and never the network, so Tab answers at once,
# online or not.

_patina()
{
	local i word cur prev prefix last= breaks= line=${COMP_LINE:0:COMP_POINT}
	local -i pos=0 start end=-1
	local -a words=() cands=()

	# bash splits "owner:Jane" at ':' and "title=CEO" at '=' (both are in
	# COMP_WORDBREAKS); patina wants such words whole, so pieces that touch
	# in the line (no blank between) are joined again
	for ((i = 0; i <= COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		prefix=${line:pos}
		prefix=${prefix%%[![:space:]]*}
		start=$((pos + ${#prefix}))
		pos=$((start + ${#word}))
		if ((i > 1 && start == end)) && [[ $word == [:=]* || $last == *[:=] ]]; then
			words[${#words[@]}-1]+=$word
		elif ((i > 0)); then
			words+=("$word")
		fi
		end=$pos
		last=$word
	done
	((${#words[@]})) || words=("")
	cur=${words[${#words[@]}-1]}
	prev=
	((${#words[@]} > 1)) && prev=${words[${#words[@]}-2]}

	case $prev in
	-c | --config | --base)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	esac

	mapfile -t cands < <("${COMP_WORDS[0]}" __complete "${words[@]}" 2>/dev/null)

	# readline replaces only what follows the last ':' or '=' of the word
	[[ $COMP_WORDBREAKS == *:* ]] && breaks+=:
	[[ $COMP_WORDBREAKS == *=* ]] && breaks+==
	prefix=
	if [[ -n $breaks && $cur == *[$breaks]* ]]; then
		prefix=${cur%"${cur##*[$breaks]}"}
	fi
	COMPREPLY=()
	for word in "${cands[@]}"; do
		[[ -n $word ]] || continue
		# keys ("owner:"), fields ("title=") and lists ("id,") go on: no space
		[[ $word == *[:=,] ]] && compopt -o nospace 2>/dev/null
		if [[ -n $prefix ]]; then
			[[ $word == "$prefix"* ]] || continue
			word=${word#"$prefix"}
		fi
		COMPREPLY+=("$word")
	done
}
complete -F _patina patina
