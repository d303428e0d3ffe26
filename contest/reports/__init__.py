"""Reports an organising committee acts on: round statistics, unit participation, assessment pass
rates, item analysis of questions. Built on the exam engine and the question bank; nothing below
imports it."""
