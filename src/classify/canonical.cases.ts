/**
 * Hand-written, unambiguous requests per tag, written from the taxonomy's definitions: the short
 * instructions real traffic is full of and no train source has in that form. A sanity check only:
 * never trained on, and no rule may name one of them (fix the cause, not the case).
 */
import type { RequestBody } from './interface.ts';

type Tool = { type: 'function'; function: { name: string; description: string; parameters: object } };
const fn = (name: string, description: string): Tool => ({ type: 'function', function: { name, description, parameters: { type: 'object', properties: {} } } });
const user = (content: string): RequestBody => ({ messages: [{ role: 'user', content }] });
const sys = (system: string, content: string): RequestBody => ({ messages: [{ role: 'system', content: system }, { role: 'user', content }] });
/** Anthropic shape: top-level system, content blocks. */
const claude = (system: string, text: string): RequestBody => ({ system, messages: [{ role: 'user', content: [{ type: 'text', text }] }], max_tokens: 1024 });
/** An agent turn: tools offered, one earlier call and its result, then the user's or tool's turn. */
const agent = (tools: Tool[], ask: string, call?: [string, object, string]): RequestBody => {
  const messages: object[] = [{ role: 'system', content: 'You are a helpful assistant with access to tools.' }, { role: 'user', content: ask }];
  if (call) {
    messages.push({ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: call[0], arguments: JSON.stringify(call[1]) } }] });
    messages.push({ role: 'tool', tool_call_id: 'c1', content: call[2] });
  }
  return { messages, tools };
};

const CODING = [fn('read_file', 'Read a file'), fn('write_file', 'Write a file'), fn('run_command', 'Run a shell command'), fn('grep', 'Search files'), fn('list_dir', 'List a directory')];
const AIRLINE = [fn('get_reservation', 'Look up a reservation'), fn('cancel_reservation', 'Cancel a reservation'), fn('book_flight', 'Book a flight'), fn('send_email', 'Send an email')];

export const CANONICAL: [string, RequestBody][] = [
  ['code:general_impl', user('Write a Python function that checks whether a string is a palindrome.')],
  ['code:general_impl', user('Implement a binary search in Java that returns the index of the target or -1.')],
  ['code:general_impl', user('用Python写一个函数，计算列表中所有偶数的和。')],
  ['code:debugging', user('My code throws "TypeError: Cannot read properties of undefined (reading \'map\')" when the page loads. How do I fix it?')],
  ['code:debugging', user('This function should return the largest number but it always returns the first one. What is the bug?\n\ndef largest(xs):\n    m = xs[0]\n    for x in xs:\n        if x > m:\n            return m\n    return m')],
  ['code:debugging', claude('You are an expert programmer.', 'Why does my Go program panic with "index out of range [3] with length 3"? Here is the loop: for i := 0; i <= len(a); i++ { fmt.Println(a[i]) }')],
  ['code:file_read_write', agent(CODING, 'Open config/settings.py and change DEBUG to False.')],
  ['code:file_read_write', agent(CODING, 'Create a new file README.md with a short description of the project.', ['list_dir', { path: '.' }, 'src/\npackage.json\ntsconfig.json'])],
  ['code:file_read_write', agent(CODING, 'Read the file src/utils.ts and add a JSDoc comment to every exported function.')],
  ['code:frontend_ui', user('Write a React component for a login form with email and password fields.')],
  ['code:frontend_ui', user('Center a div horizontally and vertically with CSS flexbox.')],
  ['code:frontend_ui', user('Create an HTML page with a responsive navbar and a hero section.')],
  ['code:review_security', user('Review this diff for security issues:\n\n- const q = "SELECT * FROM users WHERE id = " + id;\n+ const q = `SELECT * FROM users WHERE id = ${req.query.id}`;')],
  ['code:review_security', user('Please do a code review of this function and suggest improvements to readability:\n\nfunction f(a){var r=[];for(var i=0;i<a.length;i++){if(a[i]%2==0)r.push(a[i]*2)}return r}')],
  ['code:review_security', claude('You are a senior engineer reviewing pull requests.', 'Review my pull request: it adds a caching layer to the user service. Point out bugs and code quality problems.\n\n```ts\nconst cache = {};\nexport function getUser(id) { if (cache[id]) return cache[id]; const u = db.find(id); cache[id] = u; return u; }\n```')],
  ['code:shell_execution', agent(CODING, 'Run the test suite and tell me which tests fail.')],
  ['code:shell_execution', agent(CODING, 'Install the dependencies and start the dev server.', ['read_file', { path: 'package.json' }, '{ "scripts": { "dev": "vite" } }'])],
  ['code:shell_execution', agent([fn('bash', 'Execute a bash command')], 'Check how much disk space is left on this machine.')],
  ['code:repo_scan', agent(CODING, 'Find where the function parse_config is defined in this repository.')],
  ['code:repo_scan', agent(CODING, 'Give me an overview of the structure of this codebase: list the top-level directories and what each contains.')],
  ['code:repo_scan', agent(CODING, 'Search the repo for every place that calls the deprecated fetchUser API.')],
  ['code:sql_database', user('Write a SQL query to find the top 5 customers by total order amount.')],
  ['code:sql_database', user('Design a database schema for a library with books, members and loans.')],
  ['code:sql_database', user('How can I speed up this slow PostgreSQL query? SELECT * FROM orders WHERE customer_id = 42 ORDER BY created_at DESC;')],
  ['code:devops_config', user('Write a Dockerfile for a Node 20 app.')],
  ['code:devops_config', user('Create a GitHub Actions workflow that runs npm test on every push.')],
  ['code:devops_config', user('Write a Kubernetes Deployment manifest for nginx with 3 replicas.')],
  ['data:extraction', user('Extract the names and dates from this text as JSON: "Alice met Bob on March 3, 2021, and they met Carol on June 5, 2022."')],
  ['data:extraction', user('From this invoice text, pull out the invoice number, total amount and due date: Invoice #INV-2231, total due $1,250.00 by 2024-07-01.')],
  ['data:extraction', sys('Extract every person and organization mentioned in the text. Return a JSON list.', 'Tim Cook announced that Apple will partner with Goldman Sachs on a new card.')],
  ['data:transformation', user('Convert this CSV to JSON:\nname,age\nAlice,30\nBob,25')],
  ['data:transformation', user('Reformat these dates to ISO 8601: 03/14/2023, 12/01/2022, 07/04/2021')],
  ['data:transformation', user('Convert this XML to YAML: <person><name>Ann</name><age>41</age></person>')],
  ['agent:workflow_execution', agent(AIRLINE, 'Please cancel my reservation ABC123 and email me the confirmation.', ['get_reservation', { id: 'ABC123' }, '{"id":"ABC123","status":"confirmed","flight":"UA100"}'])],
  ['agent:workflow_execution', agent([fn('create_invoice', 'Create an invoice'), fn('send_invoice', 'Send an invoice'), fn('update_crm', 'Update a CRM record')], 'Onboard the new client Acme Corp: create their invoice for $500, send it, and update the CRM.', ['create_invoice', { client: 'Acme Corp', amount: 500 }, '{"invoice_id":"INV-9"}'])],
  ['agent:workflow_execution', agent(AIRLINE, 'Book the 9am flight from Boston to Chicago on May 2 for me.', ['get_reservation', { user: 'me' }, '{"reservations":[]}'])],
  ['agent:multi_step_planning', user('Before doing anything, break the goal "migrate our app from MySQL to PostgreSQL" into a step-by-step plan.')],
  ['agent:multi_step_planning', sys('You are a planner. Decompose the goal into numbered subtasks; do not execute them.', 'Goal: organize a team offsite for 20 people next month.')],
  ['agent:multi_step_planning', user('Make a step by step plan to launch a personal blog, from choosing a domain to the first post.')],
  ['agent:tool_dispatch', agent([fn('get_weather', 'Get the current weather for a city'), fn('get_time', 'Get the time in a timezone')], "What's the weather in Paris right now?")],
  ['agent:tool_dispatch', agent([fn('convert_currency', 'Convert an amount between currencies'), fn('get_stock_price', 'Get a stock price')], 'How much is 100 US dollars in euros?')],
  ['agent:tool_dispatch', { system: 'Use the tools when needed.', tools: [{ name: 'calculate_area', description: 'Area of a shape', input_schema: { type: 'object', properties: {} } }], messages: [{ role: 'user', content: 'What is the area of a circle with radius 3?' }] }],
  ['agent:memory_extraction', sys('Extract facts and preferences about the user from this conversation that should be saved to long-term memory.', "I'm vegetarian, I live in Berlin, and I prefer replies in German.")],
  ['agent:memory_extraction', agent([fn('memory_add', 'Save a fact to long-term memory'), fn('memory_search', 'Search memory')], 'Remember that my daughter is allergic to peanuts and my wife\'s birthday is on June 4.')],
  ['agent:memory_extraction', user('From the chat below, list the user preferences worth remembering for future sessions.\nUser: I hate early meetings.\nAssistant: Noted.\nUser: And I always fly with Lufthansa.')],
  ['agent:web_search', agent([fn('web_search', 'Search the web'), fn('open_url', 'Open a web page')], 'Find the latest news about the James Webb Space Telescope.')],
  ['agent:web_search', agent([fn('web_search', 'Search the web')], 'Who won the most recent Tour de France?', ['web_search', { query: 'Tour de France winner' }, '1. Tour de France 2024: Tadej Pogacar wins ...'])],
  ['agent:web_search', sys('Answer using the search results below and cite them.', 'Search results:\n[1] EU passes AI Act ...\n[2] The AI Act enters into force ...\n\nQuestion: When does the EU AI Act enter into force?')],
  ['classification_tagging', user('Classify the sentiment of this review as positive, negative or neutral: "The battery died after two days."')],
  ['classification_tagging', user('Label each of these support tickets with one category (billing, technical, account):\n1. I was charged twice\n2. The app crashes on login')],
  ['classification_tagging', user('Is this email spam or not spam? "Congratulations, you won a free cruise! Click here."')],
  ['content_writing', user('Write a blog post about the benefits of remote work.')],
  ['content_writing', user('Draft a polite email to my landlord asking to fix the heating.')],
  ['content_writing', claude('You are a copywriter.', 'Write three catchy slogans for a new eco-friendly water bottle.')],
  ['qa_knowledge', user('What is the capital of Australia?')],
  ['qa_knowledge', user('Why is the sky blue?')],
  ['qa_knowledge', user('光合作用的原理是什么？')],
  ['conversational_reply', { messages: [{ role: 'user', content: 'hey how was your weekend?' }, { role: 'assistant', content: 'Pretty relaxing! I read a lot. How about you?' }, { role: 'user', content: 'haha nice, I went hiking with my dog, it was so fun' }] }],
  ['conversational_reply', user('Hi! How are you doing today?')],
  ['conversational_reply', { messages: [{ role: 'user', content: '你好呀' }, { role: 'assistant', content: '你好！今天过得怎么样？' }, { role: 'user', content: '还不错，刚看完一部电影，哈哈' }] }],
  ['roleplay_fiction', user('Write a short story about a dragon who is afraid of fire.')],
  ['roleplay_fiction', sys('You are Captain Blackbeard, a pirate. Stay in character.', 'Captain, where are we sailing tonight?')],
  ['roleplay_fiction', user("Let's play a text adventure. I'm a knight entering a dark cave. What do I see?")],
  ['customer_support', sys('You are a support agent for ShopFast, an online store.', "My order #4821 hasn't arrived yet. Can you check where it is?")],
  ['customer_support', sys('You are the customer service assistant for StreamBox.', 'How do I cancel my subscription and get a refund for this month?')],
  ['customer_support', claude('You are a helpful support agent for Acme Bank.', 'I forgot my password and my account is locked. What should I do?')],
  ['summarization', user('Summarize this meeting transcript:\nAnna: We need to ship by Friday.\nBen: QA is behind by two days.\nAnna: Then we cut the export feature.')],
  ['summarization', user('TL;DR of this article: The central bank raised rates by 0.25 points on Wednesday, citing persistent inflation, and signaled more hikes may follow.')],
  ['summarization', user('请总结这篇文章的主要内容：人工智能正在改变医疗行业，从影像诊断到药物研发都出现了新的应用。')],
  ['image_prompting', user('Write a Midjourney prompt for a cyberpunk city at night in the rain.')],
  ['image_prompting', user('Give me a Stable Diffusion prompt for a watercolor painting of a fox in a snowy forest.')],
  ['image_prompting', user('Improve this image prompt so it looks photorealistic: "a cat on a sofa"')],
  ['research_report', user('Write a comprehensive research report on the state of solid-state battery technology, with citations.')],
  ['research_report', user('Prepare a literature review of recent advances in protein structure prediction.')],
  ['research_report', user('Produce an in-depth report analysing the global semiconductor supply chain, its risks and recent policy responses.')],
  ['finance_trading', user('Should I rebalance my portfolio from 80/20 stocks to bonds to 60/40 given rising interest rates?')],
  ['finance_trading', user("Analyze Apple's latest quarterly earnings: revenue, net income and margins versus last year.")],
  ['finance_trading', user('Explain a simple moving-average crossover trading strategy for Bitcoin.')],
  ['translation', user('Translate to Spanish: Where is the train station?')],
  ['translation', user('把这段话翻译成英文：我明天要去北京出差。')],
  ['translation', claude('You are a professional translator.', 'Translate the following into German: "Thank you for your order. It will ship tomorrow."')],
  ['math', user('Solve for x: 2x + 5 = 17.')],
  ['math', user('What is the derivative of x^3 * sin(x)?')],
  ['math', user('Prove that the square root of 2 is irrational.')],
  ['security_audit', user('Audit this nginx config for security vulnerabilities:\nserver { listen 80; autoindex on; server_tokens on; }')],
  ['security_audit', user('These auth logs show 500 failed SSH logins from one IP in a minute. Is this a brute-force attack and how should we respond?')],
  ['security_audit', user('Do a threat model for a web app that stores user passwords and payment data.')],
  ['devops', user('Our Kubernetes pods keep getting OOMKilled in production. How should we investigate?')],
  ['devops', user('What is the best way to do zero-downtime deployments for a web service behind a load balancer?')],
  ['devops', user('How do I set up monitoring and alerting for CPU usage on our Linux servers?')],
];
