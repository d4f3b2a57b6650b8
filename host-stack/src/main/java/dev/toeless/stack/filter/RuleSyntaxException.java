package dev.toeless.stack.filter;

/**
 * A rule command that does not parse or does not make sense. The message names the problem and
 * shows the command with a caret under the offending word.
 */
public final class RuleSyntaxException extends IllegalArgumentException {
    private final String problem;
    private final int column;

    public RuleSyntaxException(String command, int column, String problem) {
        super(problem + "\n  " + command + "\n  " + " ".repeat(Math.max(0, column)) + "^");
        this.problem = problem;
        this.column = column;
    }

    /** The problem alone, without the command echo. */
    public String problem() {
        return problem;
    }

    /** The 0-based column of the offending word in the command. */
    public int column() {
        return column;
    }
}
